package status_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-petra/petra/status"
)

func ExampleCode() {
	// An untyped net/http constant fits a Code as it is; an int converts.
	var c status.Code = http.StatusNotFound
	fmt.Println(c == status.HTTP_404_NOT_FOUND)

	rec := httptest.NewRecorder()
	rec.WriteHeader(http.StatusTeapot)
	fmt.Println(status.Code(rec.Code))
	// Output:
	// true
	// 418 I'm a teapot
}

func ExampleCode_Text() {
	fmt.Println(status.HTTP_201_CREATED.Text())
	fmt.Println(status.HTTP_509_BANDWIDTH_LIMIT_EXCEEDED.Text())
	fmt.Printf("%q\n", status.Code(299).Text())
	// Output:
	// Created
	// Bandwidth Limit Exceeded
	// ""
}

func ExampleCode_String() {
	fmt.Println(status.HTTP_422_UNPROCESSABLE_ENTITY)
	fmt.Println(status.Code(599))
	// Output:
	// 422 Unprocessable Entity
	// 599
}

func ExampleCode_IsSuccess() {
	fmt.Println(status.HTTP_204_NO_CONTENT.IsSuccess())
	fmt.Println(status.HTTP_302_FOUND.IsSuccess())
	// Output:
	// true
	// false
}

func ExampleCode_IsClientError() {
	for _, c := range []status.Code{status.HTTP_400_BAD_REQUEST, status.HTTP_500_INTERNAL_SERVER_ERROR} {
		fmt.Println(c, c.IsClientError(), c.IsServerError())
	}
	// Output:
	// 400 Bad Request true false
	// 500 Internal Server Error false true
}

func ExampleCode_IsRedirect() {
	fmt.Println(status.HTTP_308_PERMANENT_REDIRECT.IsRedirect())
	// Output: true
}

func ExampleCode_IsInformational() {
	fmt.Println(status.HTTP_103_EARLY_HINTS.IsInformational())
	// Output: true
}

func ExampleCode_IsServerError() {
	fmt.Println(status.HTTP_503_SERVICE_UNAVAILABLE.IsServerError())
	// Output: true
}
