// Prints how Helm 3 reads values-file text, with Helm's own code as a module dependency:
// helm.sh/helm/v3 pkg/chartutil.ReadValues (what `helm -f` and the Kubernetes provider's Release
// call) and the sigs.k8s.io/yaml and go.yaml.in/yaml/v2 versions Helm's go.mod resolves to.
//
// Reads cases from stdin, one per line: "scalar<TAB>text" or "doc<TAB>text", with \n, \t and \\
// escapes in text. Writes the two fixtures' rows (escapes kept) to stdout, each prefixed with the
// fixture's name and a tab:
//
//	scalars:   text | yaml.v2 Go type of `v: text` | JSON Helm gets for v | JSON key Helm gets for `text: x`
//	documents: text | JSON Helm gets for the whole file (integers kept, as YAMLToJSON prints them)
//
// "ERROR: ..." is Helm's error; "RANDOM: a | b" means repeated runs gave different results.
// With -header it prints the fixtures' comment headers instead, naming the versions it was built with.
package main

import (
	"spacesbackupidentity/tools/oraclekit"

	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	yamlv2 "go.yaml.in/yaml/v2"
	"helm.sh/helm/v3/pkg/chartutil"
	"sigs.k8s.io/yaml"
)

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

// helm returns the JSON Helm's reader makes of doc, or ReadValues' error; repeated to expose map-order randomness.
func helm(doc string) string {
	return oraclekit.Stable(func() string {
		if _, err := chartutil.ReadValues([]byte(doc)); err != nil {
			return "ERROR: " + err.Error()
		} else if j, err := yaml.YAMLToJSON([]byte(doc)); err != nil {
			return "ERROR: " + err.Error()
		} else {
			return string(j)
		}
	})
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

func printHeaders() {
	v := oraclekit.Versions("go.yaml.in/yaml/v2", "helm.sh/helm/v3", "sigs.k8s.io/yaml")
	fmt.Printf("scalars\t# How Helm 3 reads one scalar of a values file, measured, not written by hand: tools/helm-values runs\n")
	fmt.Printf("scalars\t# Helm's own pkg/chartutil.ReadValues as a module dependency (%s).\n", v)
	fmt.Printf("scalars\t# Columns: the scalar as written | yaml.v2's Go type for `v: SCALAR` decoded into interface{} | the JSON value\n")
	fmt.Printf("scalars\t# Helm gets for v | the JSON key Helm gets for `SCALAR: x`. \"ERROR: ...\" is Helm's error.\n")
	fmt.Printf("documents\t# How Helm 3 reads whole values files, measured with tools/helm-values (%s).\n", v)
	fmt.Printf("documents\t# Columns: the file as written (\\n is a line break) | the JSON Helm gets (sigs.k8s.io/yaml YAMLToJSON, which keeps\n")
	fmt.Printf("documents\t# integers as written; \"null\" is an empty file, which ReadValues turns into no values). \"ERROR: ...\" is Helm's\n")
	fmt.Printf("documents\t# error; \"RANDOM: a | b\" means 200 runs gave different results (sigs.k8s.io/yaml ranges over a Go map).\n")
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-header" {
		printHeaders()
		return
	}
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
			fmt.Printf("scalars\t%s\t%s\t%s\t%s\n", text, goType, escape(value), escape(key))
		case "doc":
			fmt.Printf("documents\t%s\t%s\n", text, escape(helm(written)))
		default:
			fmt.Fprintln(os.Stderr, "unknown kind:", kind)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
