package data_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The SQLite driver is a run-time stub without cgo; the build must refuse
// instead of producing a binary that fails later.
func TestBuildRefusesWithoutCGO(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package")
	}
	cmd := exec.Command("go", "build", "-o", "/dev/null", ".")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("go build with CGO_ENABLED=0 succeeded; it must refuse")
	}
	if !strings.Contains(string(out), "kindredNeedsCGO_EnabledAndACCompiler") {
		t.Fatalf("build failed, but not with Kindred's explanation:\n%s", out)
	}
}
