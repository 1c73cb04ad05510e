// Package cli is the command line of a petra project: one call in the app's
// main gives it Django's manage.py.
//
//	func main() {
//		cli.Main(&project.Project{Name: "shop", Modules: modules.All, Migrations: modules.Migrations()})
//	}
//
// # Commands
//
//	serve [--addr HOST:PORT]           migrate (when DB_MIGRATE_ON_START), then serve until SIGINT/SIGTERM
//	worker                             run the jobs, schedules and outbox relay without HTTP
//	jobs parked                        the jobs outbox's parked rows: id, kind, attempts, when, last error
//	jobs retry ID|--all                queue a parked row, or every one, again
//	routes                             the route table serve serves
//	openapi [-f json|yaml] [-o FILE]   the app's OpenAPI 3.1 document, to stdout or FILE
//	migrate up|down|status             apply (River's too), roll back the one applied last (asks in production) or list
//	migrate create NAME --module M     new empty migration files for each database
//	check                              settings valid, database reachable, no pending migrations (River's included)
//	make module NAME [FIELD:TYPE...]   add a CRUD module to the project in the working directory
//	version                            the app's, petra's and Go's versions
//
// An app adds its own commands as [Command] values, which get an [Env] to
// load the settings and open the database or the whole runtime:
//
//	cli.Main(p, createSuperuser) // func createSuperuser(env *cli.Env) *cobra.Command
//
// # Exit status
//
// [Run] returns 0 on success, 1 when a command fails and 2 for a usage
// mistake: an unknown command or flag, a missing or extra argument.
package cli
