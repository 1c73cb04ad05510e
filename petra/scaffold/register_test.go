package scaffold

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegister(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"one-line literals, Migrations first", `package modules

import (
	"example.com/app/modules/note"
)

func Migrations() []db.Migrations { return []db.Migrations{note.Migrations} }

func All(deps project.Deps) []petra.Module { return []petra.Module{note.Module(note.NewStore(deps.DB))} }
`, `package modules

import (
	"example.com/app/modules/note"
	"example.com/app/modules/product"
)

func Migrations() []db.Migrations {
	return []db.Migrations{note.Migrations,
		product.Migrations,
	}
}

func All(deps project.Deps) []petra.Module {
	return []petra.Module{note.Module(note.NewStore(deps.DB)),
		product.Module(product.NewStore(deps.DB)),
	}
}
`},
		{"empty literals", `package modules

import (
	"github.com/go-petra/petra/petra"
)

func All(d project.Deps) []petra.Module {
	return []petra.Module{}
}

func Migrations() []db.Migrations {
	return []db.Migrations{}
}
`, `package modules

import (
	"example.com/app/modules/product"
	"github.com/go-petra/petra/petra"
)

func All(d project.Deps) []petra.Module {
	return []petra.Module{
		product.Module(product.NewStore(d.DB)),
	}
}

func Migrations() []db.Migrations {
	return []db.Migrations{
		product.Migrations,
	}
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register([]byte(tt.src), "example.com/app/modules/product", "product")
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestRegisterRefuses(t *testing.T) {
	tests := []struct{ name, src, err string }{
		{"not Go", "package", "scaffold"},
		{"no All", "package modules\n\nimport (\n\t\"x\"\n)\n\nfunc Migrations() []int { return []int{} }\n", "no func All"},
		{"All builds its slice", "package modules\n\nimport (\n\t\"x\"\n)\n\nfunc All(d D) []int { var s []int; return s }\nfunc Migrations() []int { return []int{} }\n", "no func All"},
		{"no import block", "package modules\n\nimport \"x\"\n\nfunc All(d D) []int { return []int{} }\nfunc Migrations() []int { return []int{} }\n", "no import ( … ) block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := register([]byte(tt.src), "example.com/app/modules/product", "product")
			assert.ErrorContains(t, err, tt.err)
		})
	}
}
