// Command pulumi-resource-kubernetes is the Kubernetes provider plugin.
//
// It does what the upstream cmd/pulumi-resource-kubernetes/main.go does. That
// package cannot be built from the module zip: it embeds schema-embed.json and
// terraform-mapping-embed.json, which upstream generates with `go generate`
// and does not publish. ../build runs ./embedgen to produce them here (they
// are gitignored) before building this package.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

var providerName = "kubernetes"

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve(providerName, version.Version, pulumiSchema, terraformMapping)
}
