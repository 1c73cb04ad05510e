package status_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/status"
)

func TestCodeClasses(t *testing.T) {
	// Each row: code, then IsInformational, IsSuccess, IsRedirect, IsClientError, IsServerError.
	tests := []struct {
		code                                    status.Code
		info, success, redirect, client, server bool
	}{
		{-1, false, false, false, false, false},
		{0, false, false, false, false, false},
		{99, false, false, false, false, false},
		{100, true, false, false, false, false},
		{199, true, false, false, false, false},
		{200, false, true, false, false, false},
		{299, false, true, false, false, false},
		{300, false, false, true, false, false},
		{399, false, false, true, false, false},
		{400, false, false, false, true, false},
		{499, false, false, false, true, false},
		{500, false, false, false, false, true},
		{599, false, false, false, false, true},
		{600, false, false, false, false, false},
		{1000, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.code.String(), func(t *testing.T) {
			assert.Equal(t, tt.info, tt.code.IsInformational(), "IsInformational")
			assert.Equal(t, tt.success, tt.code.IsSuccess(), "IsSuccess")
			assert.Equal(t, tt.redirect, tt.code.IsRedirect(), "IsRedirect")
			assert.Equal(t, tt.client, tt.code.IsClientError(), "IsClientError")
			assert.Equal(t, tt.server, tt.code.IsServerError(), "IsServerError")
		})
	}
}

func TestCodeClassesOfConstants(t *testing.T) {
	for _, tt := range constants {
		t.Run(tt.name, func(t *testing.T) {
			class := tt.value / 100
			assert.Equal(t, class == 1, tt.code.IsInformational(), "IsInformational")
			assert.Equal(t, class == 2, tt.code.IsSuccess(), "IsSuccess")
			assert.Equal(t, class == 3, tt.code.IsRedirect(), "IsRedirect")
			assert.Equal(t, class == 4, tt.code.IsClientError(), "IsClientError")
			assert.Equal(t, class == 5, tt.code.IsServerError(), "IsServerError")
		})
	}
}

func TestCodeString(t *testing.T) {
	tests := []struct {
		code status.Code
		want string
	}{
		{status.HTTP_200_OK, "200 OK"},
		{status.HTTP_201_CREATED, "201 Created"},
		{status.HTTP_306_RESERVED, "306 Reserved"},
		{status.HTTP_418_IM_A_TEAPOT, "418 I'm a teapot"},
		{status.HTTP_509_BANDWIDTH_LIMIT_EXCEEDED, "509 Bandwidth Limit Exceeded"},
		{status.HTTP_511_NETWORK_AUTHENTICATION_REQUIRED, "511 Network Authentication Required"},
		{599, "599"},
		{299, "299"},
		{0, "0"},
		{-1, "-1"},
		{1 << 40, "1099511627776"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.code.String())
		})
	}
}

func TestCodeTextUnknown(t *testing.T) {
	for _, c := range []status.Code{-600, -1, 0, 1, 99, 104, 209, 227, 309, 419, 420, 427, 430, 450, 452, 499, 512, 599, 600, 1 << 40} {
		assert.Empty(t, c.Text(), "code %d", int(c))
	}
}

func TestCodeTextAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_ = status.HTTP_404_NOT_FOUND.Text()
		_ = status.Code(599).Text()
	})
	assert.Zero(t, allocs)
}
