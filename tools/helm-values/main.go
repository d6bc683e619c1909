// Prints how Helm 3 reads values-file text: gopkg.in/yaml.v2 v2.4.0 (as go.yaml.in/yaml/v2 v2.4.4,
// the same non-test code) under sigs.k8s.io/yaml v1.6.0, as helm v3.21.4 pkg/chartutil/values.go
// ReadValues calls it. Reads cases from stdin, one per line: "scalar<TAB>text" or "doc<TAB>text",
// with \n, \t and \\ escapes in text. Writes one TSV row per case (escapes kept):
//
//	scalar: text | yaml.v2 Go type of `v: text` | JSON Helm gets for v | JSON key Helm gets for `text: x`
//	doc:    text | JSON Helm gets for the whole file (integers kept, as YAMLToJSON prints them)
//
// "ERROR: ..." is Helm's error; "RANDOM: a | b" means repeated runs gave different results.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	yamlv2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

// Values and ReadValues are helm.sh/helm/v3 pkg/chartutil/values.go (v3.21.4), lines 35 and 107-113.
type Values map[string]interface{}

func ReadValues(data []byte) (vals Values, err error) {
	err = yaml.Unmarshal(data, &vals)
	if len(vals) == 0 {
		vals = Values{}
	}
	return vals, err
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// helm returns the JSON Helm's reader makes of doc, or its error; repeated to expose map-order randomness.
func helm(doc string) string {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		var out string
		if _, err := ReadValues([]byte(doc)); err != nil {
			out = "ERROR: " + err.Error()
		} else if j, err := yaml.YAMLToJSON([]byte(doc)); err != nil {
			out = "ERROR: " + err.Error()
		} else {
			out = string(j)
		}
		seen[out] = true
	}
	var all []string
	for s := range seen {
		all = append(all, s)
	}
	sort.Strings(all)
	if len(all) > 1 {
		return "RANDOM: " + strings.Join(all, " | ")
	}
	return all[0]
}

func field(jsonText string, pick func(map[string]json.RawMessage) string) string {
	if strings.HasPrefix(jsonText, "ERROR") || strings.HasPrefix(jsonText, "RANDOM") {
		return jsonText
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(jsonText), &m); err != nil {
		return "ERROR: " + err.Error()
	}
	return pick(m)
}

func escape(s string) string {
	return strings.NewReplacer("\\", "\\\\", "\n", "\\n", "\t", "\\t").Replace(s)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		line := in.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, text, _ := strings.Cut(line, "\t")
		written := unescape(text)
		switch kind {
		case "scalar":
			var v map[interface{}]interface{}
			goType := ""
			if err := yamlv2.Unmarshal([]byte("v: "+written+"\n"), &v); err != nil {
				goType = "ERROR: " + err.Error()
			} else {
				goType = fmt.Sprintf("%T", v["v"])
			}
			value := field(helm("v: "+written+"\n"), func(m map[string]json.RawMessage) string { return string(m["v"]) })
			key := field(helm(written+": x\n"), func(m map[string]json.RawMessage) string {
				for k := range m {
					q, _ := json.Marshal(k)
					return string(q)
				}
				return "ERROR: no key"
			})
			fmt.Printf("%s\t%s\t%s\t%s\n", text, goType, escape(value), escape(key))
		case "doc":
			fmt.Printf("%s\t%s\n", text, escape(helm(written)))
		default:
			fmt.Fprintln(os.Stderr, "unknown kind:", kind)
			os.Exit(2)
		}
	}
}
