package petratest

// reverser is what builds a view's URL: a *petra.App.
type reverser interface {
	URL(view any, params ...any) (string, error)
}

// URL returns the path of view with params, as the client's handler, a
// *petra.App, reverses it (petra.App.URL), failing the test when it cannot:
// when the handler is no app, the view is no route of it, or params do not fit.
//
//	c.Get(c.URL(v.GetSingleUser, id))
//	c.Delete(c.URL("user:delete_user", id))
func (c *Client) URL(view any, params ...any) string {
	c.t.Helper()
	app, ok := c.handler.(reverser)
	if !ok {
		c.t.Fatalf("petratest: the client's handler, a %T, reverses no view; build the client on a *petra.App", c.handler)
		return ""
	}
	u, err := app.URL(view, params...)
	if err != nil {
		c.t.Fatalf("petratest: %v", err)
	}
	return u
}
