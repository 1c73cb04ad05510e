package petra

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestProjectStatus(t *testing.T) {
	c := petratest.New(t, newApp())
	for _, target := range []string{"/hello-petra/status", "/hello-petra/status/"} {
		res := c.Get(target).AssertStatus(status.HTTP_200_OK)
		assert.Equal(t, `{"status":"petra is working fine"}`, res.Body())
		assert.Equal(t, "application/json", res.Header().Get("Content-Type"))
		assert.Equal(t, ProjectStatus{Status: "petra is working fine"}, petratest.Decode[ProjectStatus](res))
	}
}

func TestShowRoutes(t *testing.T) {
	v := &itemViewSet{}
	app := newApp()
	app.Mount(itemModule("shop", v, Get("health", plainView).Named("shop:health")))
	res := petratest.New(t, app).Get("/hello-petra/api/show-routes").AssertStatus(status.HTTP_200_OK)

	list := petratest.Decode[RouteList](res)
	assert.Equal(t, app.Routes(), list.Routes)
	require.Len(t, list.Routes, 7)
	assert.Equal(t, RouteInfo{Method: "GET", Path: "/hello-petra/status", View: list.Routes[0].View, Name: "hello-petra:status", Module: "hello-petra"}, list.Routes[0])
	assert.Equal(t, RouteInfo{Method: "GET", Path: "/hello-petra/api/show-routes", View: list.Routes[1].View, Name: "hello-petra:show_routes", Module: "hello-petra"}, list.Routes[1])
	assert.Equal(t, []RouteInfo{
		{Method: "GET", Path: "/api/v1/shop/items/", View: "petra.(*itemViewSet).List", Name: "shop:list", Module: "shop"},
		{Method: "POST", Path: "/api/v1/shop/items/", View: "petra.(*itemViewSet).Create", Name: "shop:create", Module: "shop"},
		{Method: "GET", Path: "/api/v1/shop/items/<int:id>", View: "petra.(*itemViewSet).Retrieve", Name: "shop:retrieve", Module: "shop"},
		{Method: "DELETE", Path: "/api/v1/shop/items/<int:id>", View: "petra.(*itemViewSet).Destroy", Name: "shop:destroy", Module: "shop"},
		{Method: "GET", Path: "/api/v1/shop/health", View: "petra.plainView", Name: "shop:health", Module: "shop"},
	}, list.Routes[2:])

	// The wire names are the contract's.
	raw := petratest.Decode[struct {
		Routes []map[string]string `json:"routes"`
	}](res)
	assert.Equal(t, map[string]string{"method": "GET", "path": "/api/v1/shop/items/", "view": "petra.(*itemViewSet).List", "name": "shop:list", "module": "shop"}, raw.Routes[2])
}

func TestWithShowRoutes(t *testing.T) {
	tests := []struct {
		name   string
		opt    Option
		user   string
		code   status.Code
		listed int // routes listed by Routes
	}{
		{"default", nil, "", 200, 2},
		{"enabled", WithShowRoutes(true), "", 200, 2},
		{"disabled", WithShowRoutes(false), "", 404, 1},
		{"guarded, anonymous", WithShowRoutes(true, IsAuthenticated), "", 401, 2},
		{"guarded, not allowed", WithShowRoutes(true, IsAuthenticated, isAdmin), "bob", 403, 2},
		{"guarded, allowed", WithShowRoutes(true, IsAuthenticated, isAdmin), "ann", 200, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.opt != nil {
				opts = append(opts, tt.opt)
			}
			app := newApp(opts...)
			app.Use(authenticate)
			assert.Len(t, app.Routes(), tt.listed)
			c := petratest.New(t, app)
			assert.Equal(t, tt.code, c.WithHeader("X-User", tt.user).Get("/hello-petra/api/show-routes").Code())
			assert.Equal(t, status.HTTP_200_OK, c.Get("/hello-petra/status").Code(), "status is always served")
		})
	}
}
