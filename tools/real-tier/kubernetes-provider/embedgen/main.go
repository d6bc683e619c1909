// Command embedgen writes the two files the provider's main package embeds,
// doing what upstream's cmd/pulumi-resource-kubernetes/generate.go does:
// schema.json is decoded as a schema.PackageSpec, its version set, and
// re-encoded into schema-embed.json; terraform-mapping.json is re-encoded
// into terraform-mapping-embed.json.
//
//	go run ./embedgen -version 4.25.0 -src <provider module>/cmd/pulumi-resource-kubernetes -out .
package main

import (
	"encoding/json"
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	version := flag.String("version", "", "provider version to write into the schema (required)")
	src := flag.String("src", "", "directory holding schema.json and terraform-mapping.json (required)")
	out := flag.String("out", ".", "directory to write the -embed.json files to")
	flag.Parse()
	if *version == "" || *src == "" {
		flag.Usage()
		os.Exit(2)
	}

	schemaContents, err := os.ReadFile(filepath.Join(*src, "schema.json"))
	if err != nil {
		log.Fatal(err)
	}
	var packageSpec schema.PackageSpec
	if err := json.Unmarshal(schemaContents, &packageSpec); err != nil {
		log.Fatalf("cannot deserialize schema: %v", err)
	}
	packageSpec.Version = *version
	versionedContents, err := json.Marshal(packageSpec)
	if err != nil {
		log.Fatalf("cannot reserialize schema: %v", err)
	}
	write(filepath.Join(*out, "schema-embed.json"), versionedContents)

	terraformContents, err := os.ReadFile(filepath.Join(*src, "terraform-mapping.json"))
	if err != nil {
		log.Fatal(err)
	}
	var mapping interface{}
	if err := json.Unmarshal(terraformContents, &mapping); err != nil {
		log.Fatalf("cannot deserialize terraform mapping: %v", err)
	}
	embeddedMapping, err := json.Marshal(mapping)
	if err != nil {
		log.Fatalf("cannot reserialize terraform mapping: %v", err)
	}
	write(filepath.Join(*out, "terraform-mapping-embed.json"), embeddedMapping)
}

// write replaces path atomically, so an interrupted run never leaves half a file.
func write(path string, data []byte) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".embedgen-*")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := tmp.Write(data); err != nil {
		log.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		log.Fatal(err)
	}
}
