module helmvaluestable

go 1.19

require (
	go.yaml.in/yaml/v2 v2.4.4
	sigs.k8s.io/yaml v1.6.0
)

replace (
	github.com/google/go-cmp => ./third_party/stub/cmp
	go.yaml.in/yaml/v2 => ./third_party/goyamlv2
	go.yaml.in/yaml/v3 => ./third_party/stub/v3
	sigs.k8s.io/randfill => ./third_party/stub/randfill
	sigs.k8s.io/yaml => ./third_party/sigsyaml
)
