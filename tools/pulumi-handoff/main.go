// Prints what the Pulumi CLI hands a Java program for a stack file, computed by Pulumi's own code
// as a module dependency (github.com/pulumi/pulumi/pkg/v3 and sdk/v3, the version go.mod names):
//
//  1. workspace.LoadProject and workspace.LoadProjectStack (sdk/go/common/workspace/loaders.go), as
//     `pulumi preview`/`up` read Pulumi.yaml and Pulumi.<stack>.yaml;
//  2. pkg/workspace.ValidateStackConfigAndApplyProjectConfig (pkg/workspace/config.go), which
//     pkg/cmd/pulumi/operations/preview.go and up.go call next: it checks the stack's values against
//     the project's declared types and adds the project's defaults (no ESC environment here);
//  3. config.Map.Decrypt and config.Map.SecureKeys, what pkg/resource/deploy/source_eval.go
//     (evalSource.Iterate) sends in the RunRequest's config and configSecretKeys.
//
// The Java language host (pulumi/pulumi-java pkg/cmd/pulumi-language-java/main.go) passes that map to
// the program as PULUMI_CONFIG, Go's json.Marshal of a map[string]string, and the secret keys as
// PULUMI_CONFIG_SECRET_KEYS; the fixtures hold the map as a JSON object.
//
// The one stand-in: the render cannot decrypt, so the Decrypter here turns ciphertext CT into <CT>
// where a stack's secrets manager would return the plaintext. Everything else is Pulumi's code.
//
// Modes:
//
//	tsv                          src/test/resources/config/pulumi-yaml-v3-table.tsv
//	handoff-json DIR STACK       src/test/resources/parity/<stack>.handoff.json, for DIR/Pulumi.yaml
//	                             and DIR/Pulumi.STACK.yaml
//	cases < cases.txt            src/test/resources/config/pulumi-stack-cases.tsv: for each line
//	                             "PROJECT<TAB>STACK" (Pulumi.yaml and Pulumi.test.yaml, \n a line
//	                             break, PROJECT "-" for a project that declares nothing) the hand-off
package main

import (
	"spacesbackupidentity/tools/oraclekit"

	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pkgWorkspace "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// standInDecrypter decrypts ciphertext CT to <CT>: the render has no secrets manager.
type standInDecrypter struct{}

func (standInDecrypter) DecryptValue(_ context.Context, ciphertext string) (string, error) {
	return "<" + ciphertext + ">", nil
}

func (d standInDecrypter) BatchDecrypt(ctx context.Context, ciphertexts []string) ([]string, error) {
	out := make([]string, len(ciphertexts))
	for i, c := range ciphertexts {
		out[i], _ = d.DecryptValue(ctx, c)
	}
	return out, nil
}

// handOff is what the engine sends the language host: the decrypted config and the secure keys.
func handOff(m config.Map) (map[string]string, []string, error) {
	decrypted, err := m.Decrypt(standInDecrypter{})
	if err != nil {
		return nil, nil, err
	}
	values := make(map[string]string, len(decrypted))
	for k, v := range decrypted {
		values[k.String()] = v
	}
	secretKeys := []string{}
	for _, k := range m.SecureKeys() {
		secretKeys = append(secretKeys, k.String())
	}
	sort.Strings(secretKeys)
	return values, secretKeys, nil
}

func quiet() diag.Sink {
	return diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
}

// programString is what the program receives for key in stackYAML, or "ERROR: <why>": the stack file
// read by LoadProjectStackBytes for a project named myproj that declares nothing.
func programString(stackYAML, key string) string {
	project := &workspace.Project{Name: tokens.PackageName("myproj")}
	ps, err := workspace.LoadProjectStackBytes(quiet(), project, []byte(stackYAML), "Pulumi.table.yaml", encoding.YAML)
	if err != nil {
		return "ERROR: " + err.Error()
	}
	values, _, err := handOff(ps.Config)
	if err != nil {
		return "ERROR: " + err.Error()
	}
	v, ok := values[key]
	if !ok {
		return "ERROR: no value for " + key
	}
	return v
}

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

func tableColumn(s string) string {
	if strings.ContainsAny(s, "\n\r") {
		panic(fmt.Sprintf("a table column cannot hold a line break: %q", s))
	}
	return strings.ReplaceAll(s, "\t", `\t`)
}

func printTable() {
	var out strings.Builder
	out.WriteString("# How the Pulumi CLI hands a stack-file value to a program (PULUMI_CONFIG), top-level and nested in an object.\n")
	out.WriteString("# Written by tools/pulumi-handoff with Pulumi's own code: workspace.LoadProjectStackBytes, then config.Map.Decrypt\n")
	fmt.Fprintf(&out, "# (%s).\n", oraclekit.Versions("github.com/pulumi/pulumi/pkg/v3", "github.com/pulumi/pulumi/sdk/v3", "gopkg.in/yaml.v3"))
	out.WriteString("# Columns: the value as written | what the program receives for config: {k: VALUE} | for config: {k: {v: VALUE}}.\n")
	out.WriteString("# \"ERROR: ...\" means Pulumi refuses the stack file. Escapes: \\t in a column is a tab.\n")
	for _, c := range tableCases {
		top := programString(fmt.Sprintf("config:\n  myproj:top: %s\n", c), "myproj:top")
		nested := programString(fmt.Sprintf("config:\n  myproj:obj:\n    v: %s\n", c), "myproj:obj")
		fmt.Fprintf(&out, "%s\t%s\t%s\n", tableColumn(c), tableColumn(top), tableColumn(nested))
	}
	os.Stdout.WriteString(out.String())
}

// printHandOff prints PULUMI_CONFIG (as a JSON object, not a string) and PULUMI_CONFIG_SECRET_KEYS for one stack.
func printHandOff(dir, stack string) error {
	project, err := workspace.LoadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return err
	}
	ps, err := workspace.LoadProjectStack(quiet(), project, filepath.Join(dir, "Pulumi."+stack+".yaml"))
	if err != nil {
		return err
	}
	err = pkgWorkspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), stack, project, esc.Value{},
		ps.Config, config.NopEncrypter, standInDecrypter{})
	if err != nil {
		return fmt.Errorf("validating stack config: %w", err)
	}
	values, secretKeys, err := handOff(ps.Config)
	if err != nil {
		return err
	}
	doc := struct {
		Config     map[string]string `json:"config"`
		SecretKeys []string          `json:"secretKeys"`
		Source     string            `json:"source"`
	}{values, secretKeys, "What the Pulumi CLI hands the program for this stack file, Pulumi.yaml's defaults included:" +
		" written by tools/pulumi-handoff with Pulumi's own LoadProject, LoadProjectStack," +
		" ValidateStackConfigAndApplyProjectConfig and config.Map.Decrypt (" + oraclekit.Versions("github.com/pulumi/pulumi/pkg/v3", "github.com/pulumi/pulumi/sdk/v3", "gopkg.in/yaml.v3") + ");" +
		" a secure value decrypts there to <ciphertext>."}
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

// stackHandOff runs the whole CLI path on one project and stack file's text: the hand-off as compact JSON
// ({"config":{...},"secretKeys":[...]}) or "ERROR: <Pulumi's error>".
func stackHandOff(projectYAML, stackYAML string) string {
	project, err := workspace.LoadProjectBytes([]byte(projectYAML), "Pulumi.yaml", encoding.YAML)
	if err != nil {
		return "ERROR: " + err.Error()
	}
	ps, err := workspace.LoadProjectStackBytes(quiet(), project, []byte(stackYAML), "Pulumi.test.yaml", encoding.YAML)
	if err != nil {
		return "ERROR: " + err.Error()
	}
	err = pkgWorkspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), "test", project, esc.Value{},
		ps.Config, config.NopEncrypter, standInDecrypter{})
	if err != nil {
		return "ERROR: " + err.Error()
	}
	values, secretKeys, err := handOff(ps.Config)
	if err != nil {
		return "ERROR: " + err.Error()
	}
	b, err := json.Marshal(struct {
		Config     map[string]string `json:"config"`
		SecretKeys []string          `json:"secretKeys"`
	}{values, secretKeys})
	if err != nil {
		return "ERROR: " + err.Error()
	}
	return string(b)
}

// stackHandOffs repeats stackHandOff, since Pulumi ranges over Go maps: "RANDOM: a | b" when runs differ.
func stackHandOffs(projectYAML, stackYAML string) string {
	return oraclekit.Stable(func() string { return stackHandOff(projectYAML, stackYAML) })
}

func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t").Replace(s)
}

func printCases() {
	fmt.Println("# What the Pulumi CLI hands the program for a project and stack file, or \"ERROR: ...\" when it refuses them,")
	fmt.Println("# \"RANDOM: a | b\" when 200 runs differ. Written by tools/pulumi-handoff from tools/pulumi-handoff/cases.txt with")
	fmt.Println("# Pulumi's own LoadProjectBytes, LoadProjectStackBytes, ValidateStackConfigAndApplyProjectConfig, Map.Decrypt")
	fmt.Printf("# (%s); a secure value decrypts to <ciphertext>.\n", oraclekit.Versions("github.com/pulumi/pulumi/pkg/v3", "github.com/pulumi/pulumi/sdk/v3", "gopkg.in/yaml.v3"))
	fmt.Println("# Columns: Pulumi.yaml (\"-\": name: myproj, runtime: java) | Pulumi.test.yaml | the hand-off. \\n is a line break.")
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		line := in.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		projectText, stackText, ok := strings.Cut(line, "\t")
		if !ok {
			panic("not PROJECT<TAB>STACK: " + line)
		}
		projectYAML := "name: myproj\nruntime: java\n"
		if projectText != "-" {
			projectYAML = unescape(projectText)
		}
		out := stackHandOffs(projectYAML, unescape(stackText))
		fmt.Printf("%s\t%s\t%s\n", projectText, stackText, tableColumn(strings.ReplaceAll(out, "\n", `\n`)))
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-handoff tsv | handoff-json DIR STACK | cases")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "tsv":
		printTable()
	case "handoff-json":
		if len(os.Args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: pulumi-handoff handoff-json DIR STACK")
			os.Exit(2)
		}
		if err := printHandOff(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "ERROR:", err)
			os.Exit(1)
		}
	case "cases":
		printCases()
	default:
		fmt.Fprintln(os.Stderr, "unknown mode:", os.Args[1])
		os.Exit(2)
	}
}
