module pulumi-handoff

go 1.19

require gopkg.in/yaml.v3 v3.0.1

replace gopkg.in/yaml.v3 => ./yamlv3
