package scaffold

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFields(t *testing.T) {
	tests := []struct {
		name  string
		specs []string
		want  []field
	}{
		{"none: a name and an optional description", nil, []field{
			{Name: "name", GoName: "Name", Kind: "string"},
			{Name: "description", GoName: "Description", Kind: "text", Optional: true},
		}},
		{"every kind", []string{"name:string", "price:int", "weight:float", "in_stock:bool", "notes:text:optional", "released_at:time"}, []field{
			{Name: "name", GoName: "Name", Kind: "string"},
			{Name: "price", GoName: "Price", Kind: "int"},
			{Name: "weight", GoName: "Weight", Kind: "float"},
			{Name: "in_stock", GoName: "InStock", Kind: "bool"},
			{Name: "notes", GoName: "Notes", Kind: "text", Optional: true},
			{Name: "released_at", GoName: "ReleasedAt", Kind: "time"},
		}},
		{"initialisms in Go names", []string{"sku_id:string", "home_url:string", "api_key:string"}, []field{
			{Name: "sku_id", GoName: "SkuID", Kind: "string"},
			{Name: "home_url", GoName: "HomeURL", Kind: "string"},
			{Name: "api_key", GoName: "APIKey", Kind: "string"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFields(tt.specs)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseFieldsRefuses(t *testing.T) {
	tests := []struct {
		specs []string
		err   string
	}{
		{[]string{"price"}, `"price" is not a field: write NAME:TYPE`},
		{[]string{"price:money"}, `"money" is not a field type: use string, text, int, float, bool or time`},
		{[]string{"price:int:unique"}, `"unique" is not a field option: only optional`},
		{[]string{"Price:int"}, `"Price" is not a field name: use lower-case letters, digits and _`},
		{[]string{"2nd:int"}, "is not a field name"},
		{[]string{"a__b:int"}, "is not a field name"},
		{[]string{"uuid:string"}, `"uuid" cannot name a field: every module has uuid, created and modified`},
		{[]string{"created:time"}, "cannot name a field"},
		{[]string{"order:int"}, `"order" cannot name a field: SQL reserves it`},
		{[]string{"user:string"}, "SQL reserves it"},
		{[]string{"name:string", "name:text"}, `"name" is given twice`},
		{[]string{"home_url:string", "home_u_r_l:string"}, "both become HomeURL in Go"},
	}
	for _, tt := range tests {
		t.Run(tt.err, func(t *testing.T) {
			_, err := parseFields(tt.specs)
			assert.ErrorContains(t, err, tt.err)
		})
	}
}

// FuzzFields renders the module templates with any field that parseFields
// accepts: every file must render, and every Go file format, so parse.
func FuzzFields(f *testing.F) {
	for _, seed := range []string{"price:int", "notes:text:optional", "released_at:time:optional", "home_url:string", "a:bool", "x_1:float", "order:int", "p:money", "p:int:x", "P:int"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		fields, err := parseFields([]string{"name:string", spec})
		if err != nil {
			return
		}
		d := moduleData("product")
		d.ModulePath, d.Fields = "example.com/shop", fields
		err = fs.WalkDir(templates, "templates/module", func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			_, err = execute(p, d)
			return err
		})
		require.NoError(t, err, spec)
	})
}
