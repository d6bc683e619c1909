// Package oraclekit holds what every fixture generator in tools/ does alike: name the upstream
// modules it was built with, and expose a result that varies from run to run (Go ranges over maps
// in random order), so that a fixture records the real code's behaviour, not one draw of it.
package oraclekit

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
)

// Versions names the modules at paths this binary was built with, as go.mod resolved them, sorted;
// it panics when one is missing or replaced, for then the fixture would not come from that module.
func Versions(paths ...string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		panic("no build info")
	}
	want := map[string]bool{}
	for _, p := range paths {
		want[p] = true
	}
	var parts []string
	for _, dep := range info.Deps {
		if want[dep.Path] {
			if dep.Replace != nil {
				panic(dep.Path + " is replaced")
			}
			parts = append(parts, dep.Path+" "+dep.Version)
		}
	}
	sort.Strings(parts)
	if len(parts) != len(want) {
		panic(fmt.Sprintf("expected %v, found %v", paths, parts))
	}
	return strings.Join(parts, ", ")
}

// Stable runs f 200 times: its one result, or "RANDOM: a | b" listing every result when runs differ.
func Stable(f func() string) string {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		seen[f()] = true
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
