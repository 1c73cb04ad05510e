// Command petra runs and manages petra's example app, and creates projects.
//
//	petra serve [--addr]             migrate (in development), then serve on PETRA_ADDR
//	petra routes                     print the route table
//	petra openapi [-f yaml] [-o F]   write the OpenAPI document
//	petra migrate up|down|status     manage the schema (also create NAME --module M)
//	petra check                      settings, database, pending migrations
//	petra new NAME --petra DIR       create a project
//	petra make module NAME           add a CRUD module to the project in the working directory
//	petra createsuperuser            create a staff user (--email, --name; PETRA_SUPERUSER_PASSWORD)
//
// Settings come from the environment and an optional .env file; see
// .env.example for every key.
package main

import (
	"github.com/go-petra/petra/modules"
	"github.com/go-petra/petra/petra/cli"
	"github.com/go-petra/petra/petra/project"
)

// example is the example app, as the modules package declares it.
func example() *project.Project { return modules.Project() }

func main() {
	cli.Main(example(), cli.NewProject, createsuperuserCmd)
}
