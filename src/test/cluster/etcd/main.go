// Command etcd is a thin wrapper so that etcd can be built from its Go module
// (go.etcd.io/etcd/server/v3 has relative replace directives, so `go install`
// of it fails). The version is pinned in go.mod next to this file.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
