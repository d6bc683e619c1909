package main

// The two kinds of fixture the Java tests read, printed by the port in main.go:
//   tsv                  src/test/resources/config/pulumi-yaml-v3-table.tsv
//   handoff-json P FILE  src/test/resources/parity/<stack>.handoff.json (P: the project name)
// tools/pulumi-handoff/regenerate writes them and fails when they differ from the committed ones.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// The values the table covers, in its order.
var tableCases = []string{
	"true", "True", "TRUE", "tRUE", "false", "FALSE", "on", "On", "ON", "off", "OFF", "yes", "Yes", "YES", "no", "NO", "y", "n",
	"12:30", "1:2:3", "0755", "0o755", "0x1F", "0b101", "1.0", "1.5", "1e3", "1e21", "1e-7", "1.", ".5", ".5_5", ".5e1_0", "1_000", "+12", "-0", "-0.0",
	"9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "99999999999999999999",
	"123456789012345678", "0.1", "3.14159265358979323846",
	".nan", ".NaN", ".inf", "-.Inf", "~", "null", "Null", "NULL", "", "2026-01-02", "2026-01-02T10:20:30Z", "2026-01-02 10:20:30",
	"2026-01-02T10:20:30+02:00", "2026-01-02T10:20:30+00:00",
	"'on'", "\"0755\"", "'1.0'", "'~'", "''", "\"2026-01-02\"", "'12:30'", "abc", "a<b&c", "[]", "{}", "[1, 2.0, on, null]",
	"!!str 0755", "!!float 1", "!!int '12'", "!!timestamp 2026-01-02",
}

const tableHeader = `# How the Pulumi CLI hands a stack-file value to a program (PULUMI_CONFIG), top-level and nested in an object.
# Written by tools/pulumi-handoff/regenerate: a line-by-line port of pulumi/pulumi@1b5949891b3cefcb9974752b24a5ecef0acc86c8
# (sdk/go/common/workspace/loaders.go LoadProjectStackBytes; sdk/go/common/resource/config map.go, value.go,
# object.go; plaintext.go) against the real gopkg.in/yaml.v3 v3.0.1 (f6f7691b1fdeb513f56608cd2c32c51f8194bf51).
# Columns: the value as written | what the program receives for config: {k: VALUE} | for config: {k: {v: VALUE}}.
# "ERROR: ..." means Pulumi refuses the stack file. Escapes: \t in a column is a tab.
`

// programString is what the program receives for key in stackYAML, or "ERROR: <why>".
func programString(stackYAML, key string) string {
	ps, err := loadStack("myproj", []byte(stackYAML))
	if err != nil {
		return "ERROR: " + err.Error()
	}
	s, err := ps.Config[key].ProgramString()
	if err != nil {
		return "ERROR: " + err.Error()
	}
	return s
}

func tableColumn(s string) string {
	if strings.ContainsAny(s, "\n\r") {
		panic(fmt.Sprintf("a table column cannot hold a line break: %q", s))
	}
	return strings.ReplaceAll(s, "\t", `\t`)
}

func printTable() {
	var out strings.Builder
	out.WriteString(tableHeader)
	for _, c := range tableCases {
		top := programString(fmt.Sprintf("config:\n  myproj:top: %s\n", c), "myproj:top")
		nested := programString(fmt.Sprintf("config:\n  myproj:obj:\n    v: %s\n", c), "myproj:obj")
		fmt.Fprintf(&out, "%s\t%s\t%s\n", tableColumn(c), tableColumn(top), tableColumn(nested))
	}
	os.Stdout.WriteString(out.String())
}

const handOffSource = "Expected engine hand-off for the stack file's own keys (Pulumi.yaml defaults are added by the engine" +
	" afterwards): written by tools/pulumi-handoff/regenerate, a line-by-line port of" +
	" pulumi/pulumi@1b5949891b3cefcb9974752b24a5ecef0acc86c8 LoadProjectStackBytes and config.Value/object, run" +
	" against gopkg.in/yaml.v3 v3.0.1; a secure value decrypts there to <ciphertext>."

// printHandOff prints PULUMI_CONFIG (as a JSON object, not a string) and PULUMI_CONFIG_SECRET_KEYS for one stack file.
func printHandOff(project, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	ps, err := loadStack(project, b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	config := make(map[string]string, len(ps.Config))
	for k, v := range ps.Config {
		s, err := v.ProgramString()
		if err != nil {
			return fmt.Errorf("%s: %s: %w", file, k, err)
		}
		config[k] = s
	}
	secretKeys := secureKeys(ps.Config)
	if secretKeys == nil {
		secretKeys = []string{}
	}
	sort.Strings(secretKeys)
	doc := struct {
		Config     map[string]string `json:"config"`
		SecretKeys []string          `json:"secretKeys"`
		Source     string            `json:"source"`
	}{config, secretKeys, handOffSource}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err = os.Stdout.Write(out.Bytes())
	return err
}
