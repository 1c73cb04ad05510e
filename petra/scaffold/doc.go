// Package scaffold writes petra projects and modules from embedded
// templates: what `petra new` and `make module` generate.
//
// [NewProject] creates a project a team can ship (go.mod, main.go on the
// runtime and CLI, a module list with a first module, .env.example, tests,
// README, .gitignore, a Dockerfile); [AddModule] adds a CRUD module with the
// fields it is given (price:int) to a project, named by the singular of the
// name it is given and serving its plural (product and products both make
// product, at /api/v1/product/products/), and registers it in
// modules/modules.go; [CreateMigration] adds an empty migration to a module
// for each database. Generated Go code is run through go/format, so it is
// gofmt-clean.
package scaffold
