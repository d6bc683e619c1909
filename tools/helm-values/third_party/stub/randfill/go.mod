module sigs.k8s.io/randfill

go 1.16
