package db_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPaginate(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, usersDDL)
		for i := 1; i <= 23; i++ {
			addUser(t, d, fmt.Sprintf("user%02d", i), fmt.Sprintf("u%02d@x.io", i), 20+i%3)
		}
		const q = "SELECT name FROM users WHERE age >= ? ORDER BY name;"
		tests := []struct {
			name          string
			args          []any
			page, perPage int
			wantFirst     string
			wantLen       int
			wantTotal     int
		}{
			{"first page", []any{0}, 1, 10, "user01", 10, 23},
			{"middle page", []any{0}, 2, 10, "user11", 10, 23},
			{"last partial page", []any{0}, 3, 10, "user21", 3, 23},
			{"past the end", []any{0}, 4, 10, "", 0, 23},
			{"far past the end", []any{0}, math.MaxInt, math.MaxInt, "", 0, 23},
			{"one page holds all", []any{0}, 1, 100, "user01", 23, 23},
			{"filtered", []any{22}, 1, 5, "user02", 5, 8},
			{"no matches", []any{99}, 1, 10, "", 0, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rows, total, err := d.Paginate(ctx, q, tt.args, tt.page, tt.perPage)
				require.NoError(t, err)
				assert.Equal(t, tt.wantTotal, total)
				require.Len(t, rows, tt.wantLen)
				assert.NotNil(t, rows)
				if tt.wantLen > 0 {
					assert.Equal(t, tt.wantFirst, rows[0]["name"])
				}
			})
		}
		t.Run("invalid", func(t *testing.T) {
			for _, p := range [][2]int{{0, 10}, {1, 0}, {-1, 10}, {1, -5}} {
				_, _, err := d.Paginate(ctx, q, []any{0}, p[0], p[1])
				assert.ErrorIs(t, err, db.ErrInvalidPage)
			}
		})
		t.Run("typed", func(t *testing.T) {
			names, total, err := db.SelectPage[string](ctx, d, q, []any{0}, 3, 10)
			require.NoError(t, err)
			assert.Equal(t, 23, total)
			assert.Equal(t, []string{"user21", "user22", "user23"}, names)
		})
		t.Run("in transaction", func(t *testing.T) {
			require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
				rows, total, err := tx.Paginate(ctx, q, []any{0}, 1, 2)
				assert.Len(t, rows, 2)
				assert.Equal(t, 23, total)
				return err
			}))
		})
		t.Run("trailing comment", func(t *testing.T) {
			rows, total, err := d.Paginate(ctx, "SELECT name FROM users ORDER BY name -- all of them", nil, 1, 1)
			require.NoError(t, err)
			assert.Equal(t, 23, total)
			assert.Len(t, rows, 1)
		})
	})
}
