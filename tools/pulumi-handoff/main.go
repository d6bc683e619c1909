// A port, not Pulumi's own code: the Pulumi CLI's stack-config read path, function by function,
// from pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8 (Apache License 2.0), run against
// the real gopkg.in/yaml.v3 v3.0.1 in ./yamlv3. README.md lists each function and the lines it ports.
// Pulumi's own packages are not built here: they need the Go module proxy.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	yaml "gopkg.in/yaml.v3"
)

// ---- object.go port ----
type ciphertext struct{ value string }
type object struct{ value any }

func (c object) Secure() bool {
	switch v := c.value.(type) {
	case []object:
		for _, v := range v {
			if v.Secure() {
				return true
			}
		}
	case map[string]object:
		for _, v := range v {
			if v.Secure() {
				return true
			}
		}
	case ciphertext:
		return true
	}
	return false
}

func (c object) marshalObject() any {
	if ct, ok := c.value.(ciphertext); ok {
		type secureValue struct {
			Secure string `json:"secure" yaml:"secure"`
		}
		return secureValue{Secure: ct.value}
	}
	return c.value
}
func (c object) MarshalJSON() ([]byte, error) { return json.Marshal(c.marshalObject()) }
func (c *object) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	var err error
	*c, err = unmarshalObject(v)
	return err
}
func (c *object) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	var err error
	*c, err = unmarshalObject(v)
	return err
}
func (c object) MarshalString() (text string, secure, obj bool, err error) {
	switch v := c.value.(type) {
	case bool, int64, uint64, float64:
		b, err := c.MarshalJSON()
		return string(b), false, false, err
	case string:
		return v, false, false, nil
	case ciphertext:
		return v.value, true, false, nil
	default:
		b, err := c.MarshalJSON()
		if err != nil {
			return "", false, false, err
		}
		return string(b), c.Secure(), true, nil
	}
}
func (c *object) UnmarshalString(text string, secure, obj bool) error {
	if !obj {
		if secure {
			c.value = ciphertext{text}
		} else {
			c.value = text
		}
		return nil
	}
	return c.UnmarshalJSON([]byte(text))
}
func isSecureValue(v any) (bool, ciphertext) {
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if val, ok := m["secure"]; ok {
			if s, ok := val.(string); ok {
				return true, ciphertext{s}
			}
		}
	}
	return false, ciphertext{}
}
func unmarshalObject(v any) (object, error) {
	switch v := v.(type) {
	case bool:
		return object{v}, nil
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return object{i}, nil
		}
		f, err := v.Float64()
		if err == nil {
			return object{f}, nil
		}
		return object{}, fmt.Errorf("unrepresentable number %v: %w", v, err)
	case int:
		return object{int64(v)}, nil
	case uint64:
		return object{v}, nil
	case int64:
		return object{v}, nil
	case float64:
		return object{v}, nil
	case string:
		return object{v}, nil
	case time.Time:
		return object{v.String()}, nil
	case map[string]any:
		if ok, ct := isSecureValue(v); ok {
			return object{ct}, nil
		}
		m := make(map[string]object, len(v))
		for k, v := range v {
			sv, err := unmarshalObject(v)
			if err != nil {
				return object{}, err
			}
			m[k] = sv
		}
		return object{m}, nil
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, v := range v {
			m[fmt.Sprintf("%v", k)] = v
		}
		return unmarshalObject(m)
	case []any:
		a := make([]object, len(v))
		for i, v := range v {
			sv, err := unmarshalObject(v)
			if err != nil {
				return object{}, err
			}
			a[i] = sv
		}
		return object{a}, nil
	case nil:
		return object{}, nil
	default:
		panic(fmt.Sprintf("unexpected wire type %T", v))
	}
}

// decrypt -> plaintext GoValue (fake decrypter: ciphertext "X" decrypts to "<X>")
func (c object) decryptGo() any {
	switch v := c.value.(type) {
	case ciphertext:
		return "<" + v.value + ">"
	case []object:
		vs := make([]any, len(v))
		for i, v := range v {
			vs[i] = v.decryptGo()
		}
		return vs
	case map[string]object:
		vs := make(map[string]any, len(v))
		for k, v := range v {
			vs[k] = v.decryptGo()
		}
		return vs
	default:
		return v
	}
}

// plaintext.go marshalText port
func marshalText(g any, isSecretLeaf bool) (string, error) {
	if s, ok := g.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(g)
	return string(b), err
}

// ---- value.go port ----
type Value struct {
	value          string
	secure, object bool
}

func (c *Value) UnmarshalYAML(unmarshal func(any) error) (err error) {
	var obj object
	if err = obj.UnmarshalYAML(unmarshal); err != nil {
		return err
	}
	c.value, c.secure, c.object, err = obj.MarshalString()
	return err
}

// Map.Decrypt (non-Nop decrypter) for one value
func (c Value) ProgramString() (string, error) {
	var obj object
	if err := obj.UnmarshalString(c.value, c.secure, c.object); err != nil {
		return "", err
	}
	return marshalText(obj.decryptGo(), false)
}

// ---- key.go / map.go port ----
func parseKey(s string) (string, error) {
	switch strings.Count(s, ":") {
	case 1:
		return s, nil
	case 2:
		parts := strings.Split(s, ":")
		if parts[1] == "config" {
			return parts[0] + ":" + parts[2], nil
		}
	}
	return "", fmt.Errorf("could not parse %s as a configuration key "+
		"(configuration keys should be of the form `<namespace>:<name>`)", s)
}

type Map map[string]Value

func (m *Map) UnmarshalYAML(unmarshal func(any) error) error {
	raw := make(map[string]Value)
	if err := unmarshal(&raw); err != nil {
		return fmt.Errorf("could not unmarshal map: %w", err)
	}
	nm := make(Map, len(raw))
	for k, v := range raw {
		pk, err := parseKey(k)
		if err != nil {
			return fmt.Errorf("could not unmarshal map: %w", err)
		}
		nm[pk] = v
	}
	*m = nm
	return nil
}

type ProjectStack struct {
	Config Map `yaml:"config,omitempty"`
}

// ---- loaders.go port ----
func yamlUnmarshal(data []byte, v any) error {
	err := yaml.Unmarshal(data, v)
	if err != nil {
		if _, ok := err.(*yaml.TypeError); ok {
			return err
		}
		return fmt.Errorf("invalid YAML file: %w", err)
	}
	return nil
}
func yamlEncode(v any) ([]byte, error) {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(v); err != nil {
		return nil, fmt.Errorf("error marshaling value %#v: %w", v, err)
	}
	return b.Bytes(), nil
}
func simplify(raw any) (any, error) {
	var cast func(any) (any, error)
	cast = func(value any) (any, error) {
		if objMap, ok := value.(map[any]any); ok {
			strMap := make(map[string]any)
			for key, value := range objMap {
				if sk, ok := key.(string); ok {
					iv, err := cast(value)
					if err != nil {
						return nil, err
					}
					strMap[sk] = iv
				} else {
					return nil, fmt.Errorf("expected only string keys, got '%s'", key)
				}
			}
			return strMap, nil
		} else if arr, ok := value.([]any); ok {
			out := make([]any, len(arr))
			for i, v := range arr {
				iv, err := cast(v)
				if err != nil {
					return nil, err
				}
				out[i] = iv
			}
			return out, nil
		}
		return value, nil
	}
	return cast(raw)
}

var intermediate string

func loadStack(project string, b []byte) (*ProjectStack, error) {
	var raw any
	if err := yamlUnmarshal(b, &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return &ProjectStack{Config: Map{}}, nil
	}
	s, err := simplify(raw)
	if err != nil {
		return nil, err
	}
	obj, ok := s.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected project to be an object, was '%T'", s)
	}
	if cfg, ok := obj["config"].(map[string]any); ok {
		mod := map[string]any{}
		for k, v := range cfg {
			if strings.Contains(k, ":") {
				mod[k] = v
			} else {
				mod[project+":"+k] = v
			}
		}
		obj["config"] = mod
	}
	enc, _ := yamlEncode(obj) // error ignored, as in loaders.go
	intermediate = string(enc)
	var ps ProjectStack
	if err := yamlUnmarshal(enc, &ps); err != nil {
		return nil, err
	}
	return &ps, nil
}

func secureKeys(m Map) []string {
	var ks []string
	for k, v := range m {
		if v.secure {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

func show(label, stackYAML string) {
	ps, err := loadStack("myproj", []byte(stackYAML))
	if err != nil {
		fmt.Printf("%-28s ERROR: %v\n", label, err)
		return
	}
	keys := make([]string, 0, len(ps.Config))
	for k := range ps.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		s, err := ps.Config[k].ProgramString()
		if err != nil {
			parts = append(parts, fmt.Sprintf("%s=ERR(%v)", k, err))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%s", k, strconv.Quote(s)))
	}
	fmt.Printf("%-28s %s  secret=%v\n", label, strings.Join(parts, " "), secureKeys(ps.Config))
}

func main() {
	mode := "table"
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "table":
		for _, c := range tableCases {
			top := fmt.Sprintf("config:\n  myproj:top: %s\n", c)
			nested := fmt.Sprintf("config:\n  myproj:obj:\n    v: %s\n", c)
			show("top    "+c, top)
			show("nested "+c, nested)
		}
	case "keys":
		for i := 0; i < 6; i++ {
			show("bare+ns", "config:\n  controlPlanes: bare\n  myproj:controlPlanes: namespaced\n")
		}
		for i := 0; i < 6; i++ {
			show("config:+plain", "config:\n  myproj:config:foo: legacy\n  myproj:foo: plain\n")
		}
		show("bare only", "config:\n  controlPlanes: 3\n")
		show("legacy only", "config:\n  myproj:config:foo: x\n")
		show("other ns", "config:\n  aws:region: us-east-1\n")
		show("bad 3-part", "config:\n  myproj:a:b: x\n")
		show("4-part", "config:\n  a:b:c:d: x\n")
		show("dup key", "config:\n  a: 1\n  a: 2\n")
		show("dup key quoted", "config:\n  a: 1\n  \"a\": 2\n")
		show("dup nested", "config:\n  o:\n    x: 1\n    x: 2\n")
		show("int map key", "config:\n  o:\n    80: http\n    true: t\n    1.0: f\n")
		show("top int key", "config:\n  80: x\n")
		show("ordering", "config:\n  o:\n    zeta: 1\n    alpha: 2\n    Mid: 3\n    list: [3, 1, 2]\n")
	case "secure":
		show("top secure", "config:\n  myproj:pw:\n    secure: CT1\n")
		show("deep secure", "config:\n  myproj:cp:\n    name: x\n    inner:\n      token:\n        secure: CT2\n    list: [1, {secure: CT3}]\n")
		show("secure+other key", "config:\n  myproj:o:\n    secure: CT4\n    other: 1\n")
		show("secure non-string", "config:\n  myproj:o:\n    secure: 12\n")
		show("plain obj", "config:\n  myproj:o:\n    a: 1\n")
	case "alias":
		show("alias ok", "x: &a {k: 1}\nconfig:\n  myproj:o: *a\n")
		show("alias unknown", "config:\n  myproj:o: *zz\n")
		// billion laughs
		var sb strings.Builder
		sb.WriteString("a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n")
		for i := 1; i < 9; i++ {
			fmt.Fprintf(&sb, "a%d: &a%d [", i, i)
			for j := 0; j < 10; j++ {
				if j > 0 {
					sb.WriteString(",")
				}
				fmt.Fprintf(&sb, "*a%d", i-1)
			}
			sb.WriteString("]\n")
		}
		sb.WriteString("config:\n  myproj:o: *a8\n")
		show("billion laughs", sb.String())
		deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
		show("flow depth 10001", "config:\n  myproj:o: "+deep+"\n")
		deep2 := strings.Repeat("[", 9990) + strings.Repeat("]", 9990)
		ps, err := loadStack("myproj", []byte("config:\n  myproj:o: "+deep2+"\n"))
		fmt.Println("flow depth 9990: err =", err, "loaded =", ps != nil)
	case "handoff":
		b, _ := os.ReadFile(os.Args[3])
		ps, err := loadStack(os.Args[2], b)
		if err != nil {
			fmt.Println("ERROR:", err)
			return
		}
		out := map[string]string{}
		for k, v := range ps.Config {
			s, err := v.ProgramString()
			if err != nil {
				fmt.Println("ERROR:", err)
				return
			}
			out[k] = s
		}
		cj, _ := json.Marshal(out)
		sk, _ := json.Marshal(secureKeys(ps.Config))
		fmt.Println(string(cj))
		fmt.Println(string(sk))
	case "tsv":
		printTable()
	case "handoff-json":
		if err := printHandOff(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "ERROR:", err)
			os.Exit(1)
		}
	case "intermediate":
		loadStack("myproj", []byte(os.Args[2]))
		fmt.Print(intermediate)
	}
}

func init() {
	if len(os.Args) > 1 && os.Args[1] == "proj" {
		for _, c := range []string{"on", "true", "True", "12", "0755", "1.0", "1.5", "1e3", "9223372036854775808", "~", "2026-01-02", "'x'", "[1, 1.5, on]", "{b: 1, a: [x], c: 1.0}", "{b: 1, a: a<b}", ".nan"} {
			projDefault(c)
		}
		os.Exit(0)
	}
}

func init() {
	if len(os.Args) > 1 && os.Args[1] == "rec" {
		show("recursive alias", "config:\n  myproj:o: &a [1, *a]\n")
		os.Exit(0)
	}
}
