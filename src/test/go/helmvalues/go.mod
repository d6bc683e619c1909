// Regenerates src/test/resources/config/helm-values-*.tsv without a module proxy: put the sources
// next to this directory (git archive of yaml/go-yaml v2.4.4 into ../goyamlv2, kubernetes-sigs/yaml
// v1.6.0 into ../sigsyaml, and empty modules with only a go.mod for the three in ../stub, which
// sigs.k8s.io/yaml names but its yaml.go does not import), then
//   GOFLAGS=-mod=mod GOPROXY=off go run . < cases.txt
// and split the rows: four columns for helm-values-scalars.tsv, two for helm-values-documents.tsv.
module helmvaluestable

go 1.19

require (
	go.yaml.in/yaml/v2 v2.4.4
	sigs.k8s.io/yaml v1.6.0
)

replace (
	github.com/google/go-cmp => ../stub/cmp
	go.yaml.in/yaml/v2 => ../goyamlv2
	go.yaml.in/yaml/v3 => ../stub/v3
	sigs.k8s.io/randfill => ../stub/randfill
	sigs.k8s.io/yaml => ../sigsyaml
)
