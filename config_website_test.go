package main

import "testing"

func TestWebsiteURLOnlyWhenTheWebsiteRuns(t *testing.T) {
	off, on := "", "127.0.0.1:8080"
	for _, tc := range []struct {
		name   string
		listen *string
		public string
		want   string
	}{
		{"default listen, public address", nil, "https://kindred.example.org/", "https://kindred.example.org"},
		{"listen set, no public address", &on, "", ""},
		{"the default local address", &on, "http://127.0.0.1:8080", ""},
		{"localhost", &on, "http://localhost:8080", ""},
		{"a LAN address", &on, "http://192.168.1.20:8080", "http://192.168.1.20:8080"},
		{"website off", &off, "https://kindred.example.org", ""},
	} {
		var c config
		c.Web.Listen, c.Web.PublicURL = tc.listen, tc.public
		if got := c.websiteURL(); got != tc.want {
			t.Errorf("%s: websiteURL() = %q, want %q", tc.name, got, tc.want)
		}
	}
}
