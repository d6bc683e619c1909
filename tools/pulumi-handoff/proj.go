package main

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// port of pkg/workspace/config.go createConfigValue + the LoadProjectBytes YAML round trip for `default:`
type pct struct {
	Default any `yaml:"default,omitempty"`
}

func projDefault(text string) {
	src := []byte("config:\n  k:\n    default: " + text + "\n")
	var raw any
	if err := yamlUnmarshal(src, &raw); err != nil {
		fmt.Printf("%-26s ERROR %v\n", text, err)
		return
	}
	enc, err := yamlEncode(raw)
	if err != nil {
		fmt.Printf("%-26s ENCODE ERROR %v\n", text, err)
		return
	}
	var p struct {
		Config map[string]pct `yaml:"config"`
	}
	if err := yamlUnmarshal(enc, &p); err != nil {
		fmt.Printf("%-26s ERROR %v\n", text, err)
		return
	}
	d := p.Config["k"].Default
	if d == nil {
		fmt.Printf("%-26s default==nil (treated as no default)\n", text)
		return
	}
	var v Value
	switch d.(type) {
	case string, int, bool:
		v = Value{value: fmt.Sprintf("%v", d)}
	default:
		s, _ := simplify(d)
		b, err := json.Marshal(s)
		if err != nil {
			fmt.Printf("%-26s (%T) json ERROR %v\n", text, d, err)
			return
		}
		v = Value{value: string(b), object: true}
	}
	out, err := v.ProgramString()
	fmt.Printf("%-26s goType=%-24T object=%-5v program=%s err=%v\n", text, d, v.object, strconv.Quote(out), err)
}
