package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
)

// TestDocsCoverEveryCommand: each command and subcommand `kindred commands`
// prints is named in the README or docs/, and each document stays short
// enough to find one's way in.
func TestDocsCoverEveryCommand(t *testing.T) {
	files, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "README.md")
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		limit := 400
		if f == "README.md" {
			limit = 250
		}
		if n := strings.Count(string(b), "\n"); n > limit {
			t.Errorf("%s has %d lines, want at most %d: split it", f, n, limit)
		}
		all.Write(b)
	}
	docs := all.String()
	for _, c := range bot.Definitions(nil) {
		if c.Type == discordgo.MessageApplicationCommand || c.Type == discordgo.UserApplicationCommand {
			if !strings.Contains(docs, c.Name) {
				t.Errorf("docs don't name the app command %q", c.Name)
			}
			continue
		}
		if !strings.Contains(docs, "/"+c.Name) {
			t.Errorf("docs don't name /%s", c.Name)
		}
		for _, path := range subcommandPaths(c.Options, "") {
			// "/mod-meetings create", or "`create`" in the row of its command.
			last := path[strings.LastIndex(path, " ")+1:]
			if !strings.Contains(docs, "/"+c.Name+" "+path) && !strings.Contains(docs, "`"+last+"`") {
				t.Errorf("docs don't name /%s %s", c.Name, path)
			}
		}
	}
}

func subcommandPaths(opts []*discordgo.ApplicationCommandOption, prefix string) []string {
	var out []string
	for _, o := range opts {
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand:
			out = append(out, prefix+o.Name)
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			out = append(out, subcommandPaths(o.Options, prefix+o.Name+" ")...)
		}
	}
	return out
}
