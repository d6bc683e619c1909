// Prints what the real parsers say about the texts the program's own readers judge, so the Java
// tests can compare each reader with its counterpart:
//
//	cron < cron-cases.txt          robfig/cron v3 ParseStandard (SharedBackupSchedule's spec.schedule,
//	                               see docs/oracles.md) and, for a schedule it accepts, the shortest and longest
//	                               time between two runs from 2026-01-01T00:00:00Z for 8 years, in UTC
//	durations < duration-cases.txt Go's time.ParseDuration (metav1.Duration, SharedBackupSchedule's ttl)
//	names < name-cases.txt         k8s.io/apimachinery's validation and Helm's ValidateReleaseName
//
// A case file has one text a line (lines starting with # and empty lines are skipped); \n, \t, \\
// and \uXXXX are escapes. Each output row starts with the text as written in the case file.
package main

import (
	"spacesbackupidentity/tools/oraclekit"

	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"helm.sh/helm/v3/pkg/chartutil"
	"k8s.io/apimachinery/pkg/util/validation"
)

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, err := strconv.ParseUint(s[i+1:i+5], 16, 32)
			if err != nil {
				panic(err)
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func column(s string) string {
	return strings.NewReplacer("\\", "\\\\", "\n", "\\n", "\t", "\\t").Replace(s)
}

func cases(each func(written, text string)) {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		line := in.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		each(line, unescape(line))
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}

var windowStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
var windowEnd = windowStart.AddDate(8, 0, 0)

// parse is robfig/cron's ParseStandard, with a panic (its TZ= handling can index out of range) as an error.
func parse(spec string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return cron.ParseStandard(spec)
}

// gaps runs the schedule through the window: "never", "once", or "min=S max=S" in seconds.
func gaps(s cron.Schedule) string {
	if every, ok := s.(cron.ConstantDelaySchedule); ok {
		seconds := int64(every.Delay / time.Second)
		return fmt.Sprintf("min=%d max=%d", seconds, seconds)
	}
	prev := s.Next(windowStart.Add(-time.Nanosecond))
	if prev.IsZero() || !prev.Before(windowEnd) {
		return "never"
	}
	var shortest, longest time.Duration
	runs := 1
	for {
		next := s.Next(prev)
		if next.IsZero() || !next.Before(windowEnd) {
			break
		}
		gap := next.Sub(prev)
		if runs == 1 || gap < shortest {
			shortest = gap
		}
		if gap > longest {
			longest = gap
		}
		runs++
		prev = next
	}
	if runs == 1 {
		return "once"
	}
	return fmt.Sprintf("min=%d max=%d", int64(shortest/time.Second), int64(longest/time.Second))
}

func printCron() {
	fmt.Printf("# How Spaces reads a SharedBackupSchedule's spec.schedule, by the parser it is taken to use:\n")
	fmt.Printf("# robfig/cron ParseStandard (%s), run by tools/rule-oracles from cron-cases.txt.\n", oraclekit.Versions("github.com/robfig/cron/v3"))
	fmt.Printf("# Columns: the schedule (\\n, \\t, \\\\, \\uXXXX escapes) | \"ERROR: ...\" or, in UTC from 2026-01-01 for\n")
	fmt.Printf("# 8 years, the shortest and longest seconds between two runs (\"never\", \"once\" when there are not two).\n")
	cases(func(written, text string) {
		s, err := parse(text)
		if err != nil {
			fmt.Printf("%s\tERROR: %s\n", written, column(err.Error()))
			return
		}
		fmt.Printf("%s\t%s\n", written, gaps(s))
	})
}

func printDurations() {
	fmt.Printf("# How Go's time.ParseDuration (metav1.Duration unmarshals a ttl with it) reads each text, with the Go\n")
	fmt.Printf("# toolchain that builds tools/rule-oracles (GOTOOLCHAIN=local; go.mod's go line is the oldest it may be),\n")
	fmt.Printf("# run by tools/rule-oracles from duration-cases.txt.\n")
	fmt.Printf("# Columns: the text (\\n, \\t, \\\\, \\uXXXX escapes) | nanoseconds, or \"ERROR: ...\".\n")
	cases(func(written, text string) {
		d, err := time.ParseDuration(text)
		if err != nil {
			fmt.Printf("%s\tERROR: %s\n", written, column(err.Error()))
			return
		}
		fmt.Printf("%s\t%d\n", written, int64(d))
	})
}

func verdict(errs []string) string {
	if len(errs) == 0 {
		return "ok"
	}
	return "ERROR: " + column(errs[0])
}

func printNames() {
	fmt.Printf("# How Kubernetes and Helm judge names, labels and release names: k8s.io/apimachinery/pkg/util/validation\n")
	fmt.Printf("# and helm's chartutil.ValidateReleaseName (%s),\n",
		oraclekit.Versions("k8s.io/apimachinery", "helm.sh/helm/v3"))
	fmt.Printf("# run by tools/rule-oracles from name-cases.txt.\n")
	fmt.Printf("# Columns: the check | the text (\\n, \\t, \\\\, \\uXXXX escapes) | \"ok\" or \"ERROR: \" and the first error.\n")
	cases(func(written, text string) {
		fmt.Printf("dns1123Label\t%s\t%s\n", written, verdict(validation.IsDNS1123Label(text)))
		fmt.Printf("dns1123Subdomain\t%s\t%s\n", written, verdict(validation.IsDNS1123Subdomain(text)))
		fmt.Printf("labelKey\t%s\t%s\n", written, verdict(validation.IsQualifiedName(text)))
		fmt.Printf("labelValue\t%s\t%s\n", written, verdict(validation.IsValidLabelValue(text)))
		var release []string
		if err := chartutil.ValidateReleaseName(text); err != nil {
			release = []string{err.Error()}
		}
		fmt.Printf("helmReleaseName\t%s\t%s\n", written, verdict(release))
	})
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rule-oracles cron|durations|names < CASES")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "cron":
		printCron()
	case "durations":
		printDurations()
	case "names":
		printNames()
	default:
		fmt.Fprintln(os.Stderr, "unknown mode:", os.Args[1])
		os.Exit(2)
	}
}
