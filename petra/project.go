package petra

import "github.com/go-petra/petra/status"

// ProjectStatus is the body of GET /hello-petra/status.
type ProjectStatus struct {
	Status string `json:"status"`
}

// RouteList is the body of GET /hello-petra/api/show-routes.
type RouteList struct {
	Routes []RouteInfo `json:"routes" openapi:"nonnull"` // never nil: it lists this route
}

// projectModule serves django-petra's project endpoints: a liveness answer and,
// unless switched off by WithShowRoutes, the route table.
func (a *App) projectModule() Module {
	routes := []Route{
		Get("status", func(*Request) Result {
			return Response(ProjectStatus{Status: "petra is working fine"}, status.HTTP_200_OK)
		}).Named("hello-petra:status").Returns(Schema[ProjectStatus](), status.HTTP_200_OK),
	}
	if a.settings.showRoutes {
		routes = append(routes, Get("api/show-routes", func(*Request) Result {
			return Response(RouteList{Routes: a.Routes()})
		}).Named("hello-petra:show_routes").Permission(a.settings.showRoutesPerms...).
			Returns(Schema[RouteList](), status.HTTP_200_OK))
	}
	return Module{Name: "hello-petra", Path: "/hello-petra", Routes: routes}
}
