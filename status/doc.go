// Package status names HTTP status codes as Django REST Framework's status module does,
// as a typed [Code] that knows its reason phrase and its class.
//
// # Constants
//
// Every name of DRF's (and django-petra's) list is here with its exact spelling and value,
// from [HTTP_100_CONTINUE] to [HTTP_511_NETWORK_AUTHENTICATION_REQUIRED], so a view reads
// as it would in Django:
//
//	return petra.Response(user, status.HTTP_201_CREATED)
//
// The underscores are deliberate: like crypto/tls with IANA's cipher suite names, the
// package copies a well-known list verbatim so DRF users find what they look for.
//
// The constants are of type [Code], a defined int. An untyped constant such as
// http.StatusNotFound fits any status.Code without a conversion, and a plain int
// (httptest.ResponseRecorder.Code, for instance) converts with status.Code(n):
//
//	var c status.Code = http.StatusNotFound // same as status.HTTP_404_NOT_FOUND
//
// # Phrases
//
// [Code.Text] returns the reason phrase ("Not Found") and [Code.String] the status line
// form ("404 Not Found"). Phrases are those of net/http's StatusText wherever it has one,
// so a petra response and a plain net/http response agree; for the two codes net/http
// leaves out, the phrase follows DRF's name: 306 is "Reserved" and 509 is
// "Bandwidth Limit Exceeded". An unknown code has no phrase: Text returns "" and String
// the bare number.
//
// # Classes
//
// DRF's module functions is_informational, is_success, is_redirect, is_client_error and
// is_server_error are methods here, [Code.IsInformational], [Code.IsSuccess],
// [Code.IsRedirect], [Code.IsClientError] and [Code.IsServerError], so a check reads
// code.IsSuccess(). Each tests only the range (200–299 for IsSuccess), as DRF's do, so
// it holds for codes with no constant as well.
package status
