// Package petratest tests petra apps in-process, as net/http/httptest does for
// handlers, with testify's assertions built in.
//
// # Requests
//
// A [Client] sends requests to any http.Handler, usually a *petra.App, and
// returns a [Response] whose assertions stop the test on a mismatch:
//
//	c := petratest.New(t, app)
//	c.PostJSON("/api/v1/user/registration/", `{"name":"Ann"}`).
//		AssertFieldErrors(status.HTTP_400_BAD_REQUEST, map[string][]string{
//			"email": {"The email field is required"},
//		})
//	user := petratest.Decode[User](c.WithToken(token).Get("/api/v1/user/users/" + id).AssertStatus(status.HTTP_200_OK))
//
// [Response.Envelope] holds a body to petra's error envelope exactly: JSON by
// its Content-Type, success false, a message, field errors if any and nothing
// else. Inside t.Run, [Client.WithTest] gives a client built for the
// parent test to the subtest, so its failures stop the right test.
//
// # Authentication, URLs, partial answers, uploads
//
// [Client.ForceAuthenticate] authenticates a client's requests as a principal
// without a token, as DRF's APIClient.force_authenticate; [Client.URL] builds
// a path from a view or route name as petra.App.URL does;
// [Response.AssertJSONSubset] checks what it names and ignores the rest (ids,
// timestamps), with [Any] for a key whatever its value; [Multipart] builds an
// upload for [Client.PostMultipart]:
//
//	staff := c.ForceAuthenticate(&auth.Principal{ID: id, Active: true, Staff: true})
//	staff.Get(c.URL("user:get_single_user", id)).AssertJSONSubset(status.HTTP_200_OK,
//		map[string]any{"uuid": id, "created": petratest.Any})
//	c.PostMultipart(c.URL("user:upload_avatar", id),
//		petratest.Multipart{}.File("avatar", "me.png", "image/png", petratest.PNG()))
//
// # Logs
//
// [NewLogger] returns a logger whose JSON records a test can read back, for
// asserting what a 500 logged while the client saw nothing of it.
package petratest
