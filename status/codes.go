//lint:file-ignore ST1003 names copy DRF's status module exactly, as crypto/tls keeps IANA's cipher suite names

package status

// Informational - 1xx: the request was received and the exchange continues.
const (
	HTTP_100_CONTINUE            Code = 100
	HTTP_101_SWITCHING_PROTOCOLS Code = 101
	HTTP_102_PROCESSING          Code = 102
	HTTP_103_EARLY_HINTS         Code = 103
)

// Successful - 2xx: the request was received, understood and accepted.
const (
	HTTP_200_OK                            Code = 200
	HTTP_201_CREATED                       Code = 201
	HTTP_202_ACCEPTED                      Code = 202
	HTTP_203_NON_AUTHORITATIVE_INFORMATION Code = 203
	HTTP_204_NO_CONTENT                    Code = 204
	HTTP_205_RESET_CONTENT                 Code = 205
	HTTP_206_PARTIAL_CONTENT               Code = 206
	HTTP_207_MULTI_STATUS                  Code = 207
	HTTP_208_ALREADY_REPORTED              Code = 208
	HTTP_226_IM_USED                       Code = 226
)

// Redirection - 3xx: the client must take further action to complete the request.
const (
	HTTP_300_MULTIPLE_CHOICES   Code = 300
	HTTP_301_MOVED_PERMANENTLY  Code = 301
	HTTP_302_FOUND              Code = 302
	HTTP_303_SEE_OTHER          Code = 303
	HTTP_304_NOT_MODIFIED       Code = 304
	HTTP_305_USE_PROXY          Code = 305
	HTTP_306_RESERVED           Code = 306
	HTTP_307_TEMPORARY_REDIRECT Code = 307
	HTTP_308_PERMANENT_REDIRECT Code = 308
)

// Client Error - 4xx: the request is wrong; the client should not repeat it as is.
const (
	HTTP_400_BAD_REQUEST                     Code = 400
	HTTP_401_UNAUTHORIZED                    Code = 401
	HTTP_402_PAYMENT_REQUIRED                Code = 402
	HTTP_403_FORBIDDEN                       Code = 403
	HTTP_404_NOT_FOUND                       Code = 404
	HTTP_405_METHOD_NOT_ALLOWED              Code = 405
	HTTP_406_NOT_ACCEPTABLE                  Code = 406
	HTTP_407_PROXY_AUTHENTICATION_REQUIRED   Code = 407
	HTTP_408_REQUEST_TIMEOUT                 Code = 408
	HTTP_409_CONFLICT                        Code = 409
	HTTP_410_GONE                            Code = 410
	HTTP_411_LENGTH_REQUIRED                 Code = 411
	HTTP_412_PRECONDITION_FAILED             Code = 412
	HTTP_413_REQUEST_ENTITY_TOO_LARGE        Code = 413
	HTTP_414_REQUEST_URI_TOO_LONG            Code = 414
	HTTP_415_UNSUPPORTED_MEDIA_TYPE          Code = 415
	HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE Code = 416
	HTTP_417_EXPECTATION_FAILED              Code = 417
	HTTP_418_IM_A_TEAPOT                     Code = 418
	HTTP_421_MISDIRECTED_REQUEST             Code = 421
	HTTP_422_UNPROCESSABLE_ENTITY            Code = 422
	HTTP_423_LOCKED                          Code = 423
	HTTP_424_FAILED_DEPENDENCY               Code = 424
	HTTP_425_TOO_EARLY                       Code = 425
	HTTP_426_UPGRADE_REQUIRED                Code = 426
	HTTP_428_PRECONDITION_REQUIRED           Code = 428
	HTTP_429_TOO_MANY_REQUESTS               Code = 429
	HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE Code = 431
	HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS   Code = 451
)

// Server Error - 5xx: the server failed to fulfil a valid request.
const (
	HTTP_500_INTERNAL_SERVER_ERROR           Code = 500
	HTTP_501_NOT_IMPLEMENTED                 Code = 501
	HTTP_502_BAD_GATEWAY                     Code = 502
	HTTP_503_SERVICE_UNAVAILABLE             Code = 503
	HTTP_504_GATEWAY_TIMEOUT                 Code = 504
	HTTP_505_HTTP_VERSION_NOT_SUPPORTED      Code = 505
	HTTP_506_VARIANT_ALSO_NEGOTIATES         Code = 506
	HTTP_507_INSUFFICIENT_STORAGE            Code = 507
	HTTP_508_LOOP_DETECTED                   Code = 508
	HTTP_509_BANDWIDTH_LIMIT_EXCEEDED        Code = 509
	HTTP_510_NOT_EXTENDED                    Code = 510
	HTTP_511_NETWORK_AUTHENTICATION_REQUIRED Code = 511
)

// phrases holds the reason phrase of every constant, indexed by code; the rest are "".
var phrases = [...]string{
	HTTP_100_CONTINUE:                        "Continue",
	HTTP_101_SWITCHING_PROTOCOLS:             "Switching Protocols",
	HTTP_102_PROCESSING:                      "Processing",
	HTTP_103_EARLY_HINTS:                     "Early Hints",
	HTTP_200_OK:                              "OK",
	HTTP_201_CREATED:                         "Created",
	HTTP_202_ACCEPTED:                        "Accepted",
	HTTP_203_NON_AUTHORITATIVE_INFORMATION:   "Non-Authoritative Information",
	HTTP_204_NO_CONTENT:                      "No Content",
	HTTP_205_RESET_CONTENT:                   "Reset Content",
	HTTP_206_PARTIAL_CONTENT:                 "Partial Content",
	HTTP_207_MULTI_STATUS:                    "Multi-Status",
	HTTP_208_ALREADY_REPORTED:                "Already Reported",
	HTTP_226_IM_USED:                         "IM Used",
	HTTP_300_MULTIPLE_CHOICES:                "Multiple Choices",
	HTTP_301_MOVED_PERMANENTLY:               "Moved Permanently",
	HTTP_302_FOUND:                           "Found",
	HTTP_303_SEE_OTHER:                       "See Other",
	HTTP_304_NOT_MODIFIED:                    "Not Modified",
	HTTP_305_USE_PROXY:                       "Use Proxy",
	HTTP_306_RESERVED:                        "Reserved",
	HTTP_307_TEMPORARY_REDIRECT:              "Temporary Redirect",
	HTTP_308_PERMANENT_REDIRECT:              "Permanent Redirect",
	HTTP_400_BAD_REQUEST:                     "Bad Request",
	HTTP_401_UNAUTHORIZED:                    "Unauthorized",
	HTTP_402_PAYMENT_REQUIRED:                "Payment Required",
	HTTP_403_FORBIDDEN:                       "Forbidden",
	HTTP_404_NOT_FOUND:                       "Not Found",
	HTTP_405_METHOD_NOT_ALLOWED:              "Method Not Allowed",
	HTTP_406_NOT_ACCEPTABLE:                  "Not Acceptable",
	HTTP_407_PROXY_AUTHENTICATION_REQUIRED:   "Proxy Authentication Required",
	HTTP_408_REQUEST_TIMEOUT:                 "Request Timeout",
	HTTP_409_CONFLICT:                        "Conflict",
	HTTP_410_GONE:                            "Gone",
	HTTP_411_LENGTH_REQUIRED:                 "Length Required",
	HTTP_412_PRECONDITION_FAILED:             "Precondition Failed",
	HTTP_413_REQUEST_ENTITY_TOO_LARGE:        "Request Entity Too Large",
	HTTP_414_REQUEST_URI_TOO_LONG:            "Request URI Too Long",
	HTTP_415_UNSUPPORTED_MEDIA_TYPE:          "Unsupported Media Type",
	HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE: "Requested Range Not Satisfiable",
	HTTP_417_EXPECTATION_FAILED:              "Expectation Failed",
	HTTP_418_IM_A_TEAPOT:                     "I'm a teapot",
	HTTP_421_MISDIRECTED_REQUEST:             "Misdirected Request",
	HTTP_422_UNPROCESSABLE_ENTITY:            "Unprocessable Entity",
	HTTP_423_LOCKED:                          "Locked",
	HTTP_424_FAILED_DEPENDENCY:               "Failed Dependency",
	HTTP_425_TOO_EARLY:                       "Too Early",
	HTTP_426_UPGRADE_REQUIRED:                "Upgrade Required",
	HTTP_428_PRECONDITION_REQUIRED:           "Precondition Required",
	HTTP_429_TOO_MANY_REQUESTS:               "Too Many Requests",
	HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE: "Request Header Fields Too Large",
	HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS:   "Unavailable For Legal Reasons",
	HTTP_500_INTERNAL_SERVER_ERROR:           "Internal Server Error",
	HTTP_501_NOT_IMPLEMENTED:                 "Not Implemented",
	HTTP_502_BAD_GATEWAY:                     "Bad Gateway",
	HTTP_503_SERVICE_UNAVAILABLE:             "Service Unavailable",
	HTTP_504_GATEWAY_TIMEOUT:                 "Gateway Timeout",
	HTTP_505_HTTP_VERSION_NOT_SUPPORTED:      "HTTP Version Not Supported",
	HTTP_506_VARIANT_ALSO_NEGOTIATES:         "Variant Also Negotiates",
	HTTP_507_INSUFFICIENT_STORAGE:            "Insufficient Storage",
	HTTP_508_LOOP_DETECTED:                   "Loop Detected",
	HTTP_509_BANDWIDTH_LIMIT_EXCEEDED:        "Bandwidth Limit Exceeded",
	HTTP_510_NOT_EXTENDED:                    "Not Extended",
	HTTP_511_NETWORK_AUTHENTICATION_REQUIRED: "Network Authentication Required",
}
