// compose-config loads docker-compose files with compose-go, the loader inside `docker compose`,
// and prints the resolved project as JSON: what `docker compose config --format json` prints,
// without needing the docker compose plugin or an engine (neither is installable here).
// It fails, naming the problem, when a file breaks the Compose Specification schema, refers to
// an unknown service, or interpolates a required variable (${NAME:?}) that is not set.
//
// Usage: compose-config [--project-name NAME] FILE...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	name := flag.String("project-name", "polychat", "compose project name")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-config [--project-name NAME] FILE...")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions(
		files,
		cli.WithName(*name),
		cli.WithWorkingDirectory(filepath.Dir(files[0])),
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
	os.Stdout.Write([]byte("\n"))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compose-config:", err)
	os.Exit(1)
}
