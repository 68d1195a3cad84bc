package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// config is kindred.toml. Each key is documented in config.example.toml.
type config struct {
	Discord struct {
		Token         string `toml:"token"`
		ApplicationID string `toml:"application_id"`
		GuildID       string `toml:"guild_id"`
		APIURL        string `toml:"api_url"`
		ShardCount    int    `toml:"shard_count"`
		ShardIDs      []int  `toml:"shard_ids"`
	} `toml:"discord"`
	Database struct {
		Path string `toml:"path"`
	} `toml:"database"`
	Log struct {
		Level  string `toml:"level"`
		Format string `toml:"format"`
	} `toml:"log"`
	Web struct {
		// Listen is nil when the file leaves it out (the default applies)
		// and "" when it turns the website off.
		Listen       *string `toml:"listen"`
		PublicURL    string  `toml:"public_url"`
		ClientSecret string  `toml:"client_secret"`
	} `toml:"web"`
	// webExplicit is true when the file sets web.listen itself.
	webExplicit bool
	// notes are things Kindred corrected in the config, for check-config
	// to show and run to log.
	notes []string
}

// clientSecretEnv holds the OAuth2 client secret of the dashboard; it
// wins over web.client_secret.
const clientSecretEnv = "KINDRED_DISCORD_CLIENT_SECRET"

// defaultListen is where the website listens unless web.listen says
// otherwise: only this machine, for a reverse proxy in front.
const defaultListen = "127.0.0.1:8080"

// webListen is the website's address, "" when it is off.
func (c *config) webListen() string {
	if c.Web.Listen == nil {
		return defaultListen
	}
	return *c.Web.Listen
}

// websiteURL is the website's public address for links the bot gives
// members, or "" when the website is off or its address is this machine's
// own (the default http:// + web.listen, say), which would reach nobody.
func (c *config) websiteURL() string {
	if c.webListen() == "" {
		return ""
	}
	u, err := url.Parse(c.Web.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "" || host == "localhost" || (ip != nil && (ip.IsLoopback() || ip.IsUnspecified())) {
		return ""
	}
	return strings.TrimSuffix(c.Web.PublicURL, "/")
}

// tokenEnv is the environment variable that holds the bot token; it wins
// over the config file so the token need not be written to disk.
const tokenEnv = "KINDRED_DISCORD_TOKEN"

// envName is the environment variable that overrides a config key:
// KINDRED_ and the section and key in capitals, so discord.token is
// KINDRED_DISCORD_TOKEN and database.path is KINDRED_DATABASE_PATH.
func envName(section, key string) string {
	return "KINDRED_" + strings.ToUpper(section) + "_" + strings.ToUpper(key)
}

// configKeys calls fn with every key of the config, its environment
// variable and the field that holds it, in the order of the struct.
func configKeys(c *config, fn func(key, env string, field reflect.Value)) {
	sections := reflect.ValueOf(c).Elem()
	for i := range sections.NumField() {
		section := sections.Type().Field(i).Tag.Get("toml")
		keys := sections.Field(i)
		if section == "" || section == "-" || keys.Kind() != reflect.Struct {
			continue // not a section of the file, such as notes
		}
		for j := range keys.NumField() {
			key := keys.Type().Field(j).Tag.Get("toml")
			fn(section+"."+key, envName(section, key), keys.Field(j))
		}
	}
}

// applyEnv sets every key whose environment variable is set and not empty;
// the environment wins over the file.
func applyEnv(c *config, getenv func(string) string) error {
	var errs []error
	configKeys(c, func(key, env string, field reflect.Value) {
		v := getenv(env)
		if v == "" {
			return
		}
		switch field.Kind() {
		case reflect.String:
			field.SetString(v)
		case reflect.Pointer: // *string: set means "given", as web.listen
			if field.Type().Elem().Kind() != reflect.String {
				errs = append(errs, fmt.Errorf("%s: config key %s can't be set from the environment", env, key))
				return
			}
			field.Set(reflect.ValueOf(&v))
		case reflect.Bool:
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %q is not true or false", env, v))
				return
			}
			field.SetBool(b)
		case reflect.Int, reflect.Int64:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %q is not a whole number", env, v))
				return
			}
			field.SetInt(n)
		case reflect.Slice: // of int: "0,1,2"
			var ns []int
			for _, part := range strings.Split(v, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(part))
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %q is not a list of whole numbers such as 0,1", env, v))
					return
				}
				ns = append(ns, n)
			}
			field.Set(reflect.ValueOf(ns))
		default:
			errs = append(errs, fmt.Errorf("%s: config key %s can't be set from the environment", env, key))
		}
	})
	return errors.Join(errs...)
}

// loadConfig reads the config file at path (a missing default file is
// fine), applies the environment and defaults, and validates the result.
// needToken is false for the commands that only touch the database.
func loadConfig(path string, explicit bool, getenv func(string) string, needToken bool) (*config, error) {
	var c config
	b, err := os.ReadFile(path)
	where := "config " + path
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		// No kindred.toml: the environment and defaults may be enough.
		where = "config (no " + path + " here; environment and defaults)"
	case err != nil:
		return nil, fmt.Errorf("read config: %w", err)
	default:
		dec := toml.NewDecoder(bytes.NewReader(b)).DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("config %s: %s", path, describeTOMLError(err))
		}
	}
	// A relative database path in the file is relative to the file's folder,
	// so `kindred -config /etc/kindred/kindred.toml` finds the same database
	// whatever the working directory.
	if c.Database.Path != "" && !filepath.IsAbs(c.Database.Path) {
		c.Database.Path = filepath.Join(filepath.Dir(path), c.Database.Path)
	}
	source := "discord.token"
	if getenv(tokenEnv) != "" {
		source = tokenEnv
	}
	if err := applyEnv(&c, getenv); err != nil {
		return nil, err
	}
	// A token pasted with a space or newline around it is still the
	// token: trim it, and say so, rather than fail to log in.
	if t := strings.TrimSpace(c.Discord.Token); t != c.Discord.Token {
		c.Discord.Token = t
		c.notes = append(c.notes, source+" had spaces or line breaks around it; Kindred uses it without them")
	}
	if t := getenv(clientSecretEnv); t != "" {
		c.Web.ClientSecret = t
	}
	c.webExplicit = c.Web.Listen != nil // from the file or KINDRED_WEB_LISTEN
	if c.Web.Listen == nil {
		l := defaultListen
		c.Web.Listen = &l
	}
	if c.Web.PublicURL == "" && *c.Web.Listen != "" {
		c.Web.PublicURL = "http://" + *c.Web.Listen
	}
	if c.Database.Path == "" {
		c.Database.Path = "kindred.db"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
	if err := c.validate(needToken); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return &c, nil
}

func describeTOMLError(err error) string {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		var parts []string
		for _, e := range strict.Errors {
			row, col := e.Position()
			parts = append(parts, fmt.Sprintf("line %d column %d: unknown key %s", row, col, strings.Join(e.Key(), ".")))
		}
		return strings.Join(parts, "; ")
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		// "cannot decode TOML integer into struct field ... of type string"
		if i := strings.LastIndex(msg, " of type "); i >= 0 && strings.HasPrefix(msg, "cannot decode TOML ") {
			got := strings.Fields(strings.TrimPrefix(msg, "cannot decode TOML "))[0]
			msg = fmt.Sprintf("wrong type: want a %s, got a TOML %s", msg[i+len(" of type "):], got)
		}
		if k := de.Key(); len(k) > 0 {
			return fmt.Sprintf("line %d column %d: key %s: %s", row, col, strings.Join(k, "."), msg)
		}
		return fmt.Sprintf("line %d column %d: %s", row, col, msg)
	}
	return err.Error()
}

func (c *config) validate(needToken bool) error {
	if c.Discord.Token == "" && needToken {
		return fmt.Errorf("no Discord bot token: set %s in the environment or discord.token in the config file", tokenEnv)
	}
	if strings.HasPrefix(c.Discord.Token, "Bot ") {
		return errors.New(`discord.token: give the token alone, without the "Bot " prefix`)
	}
	if strings.ContainsAny(c.Discord.Token, " \t\r\n") {
		return errors.New("discord.token: a Discord token has no spaces in it; check that you copied the whole token and nothing else")
	}
	for key, id := range map[string]string{"discord.application_id": c.Discord.ApplicationID, "discord.guild_id": c.Discord.GuildID} {
		if id != "" && !isSnowflake(id) {
			return fmt.Errorf("%s: %q is not a Discord ID (a long number)", key, id)
		}
	}
	if c.Discord.ShardCount < 0 {
		return fmt.Errorf("discord.shard_count: %d is negative; use 0 for Discord's recommendation", c.Discord.ShardCount)
	}
	if len(c.Discord.ShardIDs) > 0 && c.Discord.ShardCount == 0 {
		return errors.New("discord.shard_ids needs discord.shard_count, so that every process agrees on the count")
	}
	for _, id := range c.Discord.ShardIDs {
		if id < 0 || id >= c.Discord.ShardCount {
			return fmt.Errorf("discord.shard_ids: %d is outside 0 to %d", id, c.Discord.ShardCount-1)
		}
	}
	if c.Discord.APIURL != "" {
		u, err := url.Parse(c.Discord.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("discord.api_url: %q is not an http(s) URL", c.Discord.APIURL)
		}
	}
	if err := c.validateWeb(); err != nil {
		return err
	}
	if dir := filepath.Dir(c.Database.Path); dir != "" {
		st, err := os.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("database.path: the folder %s does not exist; create it or choose another path", dir)
		case err != nil:
			return fmt.Errorf("database.path: %w", err)
		case !st.IsDir():
			return fmt.Errorf("database.path: %s is not a folder", dir)
		}
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		return err
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return fmt.Errorf("log.format: %q is not text or json", c.Log.Format)
	}
	return nil
}

func (c *config) validateWeb() error {
	listen := c.webListen()
	if listen == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil || port == "" {
		return fmt.Errorf("web.listen: %q is not an address like 127.0.0.1:8080 (or empty to turn the website off)", listen)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("web.listen: %q has no valid port", listen)
	}
	_ = host
	u, err := url.Parse(c.Web.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("web.public_url: %q is not an address like https://kindred.example.org (scheme and host, no path)", c.Web.PublicURL)
	}
	if c.Web.ClientSecret != "" && strings.ContainsAny(c.Web.ClientSecret, " \t\r\n") {
		return errors.New("web.client_secret: it has spaces in it; paste the secret alone (Discord developer portal, OAuth2, Client Secret)")
	}
	if c.Web.ClientSecret != "" && c.Discord.ApplicationID == "" {
		return errors.New("web.client_secret is set but discord.application_id is not: the dashboard's Discord login needs the application's ID as its client ID")
	}
	return nil
}

func isSnowflake(s string) bool {
	if len(s) < 15 || len(s) > 21 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log.level: %q is not debug, info, warn or error", s)
	}
	return l, nil
}

// redacted returns the config as TOML with the token hidden.
func (c config) redacted() string {
	if c.Discord.Token != "" {
		c.Discord.Token = "<redacted>"
	}
	if c.Web.ClientSecret != "" {
		c.Web.ClientSecret = "<redacted>"
	}
	b, err := toml.Marshal(c)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
