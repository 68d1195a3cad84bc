// Package discordtest is an in-process fake of Discord (REST API and
// gateway websocket) for end-to-end tests of bots built on the real
// github.com/bwmarrin/discordgo client, in the spirit of net/http/httptest.
//
// The fake keeps guilds, channels, members, messages, commands and
// interactions in memory, answers with realistic Discord JSON (snowflake
// IDs, Discord error codes such as 40060, 50007, 50013), records every
// request, and validates every REST request the bot sends and every
// response it returns against Discord's official OpenAPI 3.1 document.
// Any violation (spec mismatch, unknown route, gateway protocol error, or a
// request Discord would reject with 50035 "Invalid Form Body") fails the
// test at cleanup, so every e2e test gets API-conformance checking for
// free.
//
// # Usage
//
//	func TestMoodCommand(t *testing.T) {
//		fake := discordtest.New(t)                       // closed via t.Cleanup
//		g := fake.AddGuild(discordtest.DefaultGuild())    // "Test Server", alice/bob/carol
//
//		dg, _ := discordgo.New("Bot " + fake.Token)
//		dg.Client = fake.HTTPClient()                     // REST (any host) -> fake
//		bot := mybot.New(dg)                              // registers handlers
//		if err := dg.Open(); err != nil {                 // GET /gateway -> ws://127.0.0.1:PORT
//			t.Fatal(err)
//		}
//		t.Cleanup(func() { dg.Close() })                  // registered after New: runs first
//
//		in := fake.SlashCommand(g.ID, g.Member("alice"), "mood",
//			discordtest.Sub("log", discordtest.Opt("score", 4)))
//		resp := in.Wait(t)                                // the bot's callback
//		if resp.Content() != "Logged 4" || !resp.Ephemeral() {
//			t.Fatalf("got %q", resp.Content())
//		}
//		_ = bot
//	}
//
// discordgo's endpoints are fixed to https://discord.com/api/v9 at init;
// Server.HTTPClient returns a client whose transport sends every request,
// whatever its host, to the fake (which accepts /api/v9 and /api/v10), so
// only session.Client needs to be set. GET /gateway returns the fake's
// websocket URL, so session.Open works unchanged.
//
// # Gateway
//
// The gateway sends HELLO (WithHeartbeatInterval for short intervals),
// answers IDENTIFY with READY (session_id, resume_gateway_url, bot user,
// unavailable guilds, application) followed by one GUILD_CREATE per guild,
// ACKs heartbeats, numbers dispatches per session, and supports RESUME
// with replay of missed dispatches followed by RESUMED. DropSession and
// DropSessionWithCode cut connections so discordgo reconnects and resumes;
// InvalidateSessions forces a new IDENTIFY. Dispatches respect intents as
// Discord does: GUILD_CREATE carries only the bot's member without the
// GUILD_PRESENCES intent, member events need GUILD_MEMBERS, message events
// need GUILD_MESSAGES / DIRECT_MESSAGES, and content is blanked without
// MESSAGE_CONTENT (unless the bot is mentioned).
//
// # Driving the bot
//
// SlashCommand, Autocomplete, UserCommand, MessageCommand, ClickButton,
// SelectMenu and SubmitModal build realistic INTERACTION_CREATE payloads
// (member with permissions computed from roles and overwrites,
// app_permissions, channel, locale, resolved data) and dispatch them. A
// guildID of "" makes a DM interaction (user instead of member). The
// returned *Interaction exposes the callback (Wait, Response), the
// @original message after edits (Original, WaitOriginal) and follow-ups
// (Followups, WaitFollowups). UserMessage posts a message as a member.
//
// # Inspecting effects
//
// Messages, Message, WaitMessage, DMs, WaitDM, Reactions, Channel,
// Commands and GuildCommands expose what the bot did; Threads,
// ThreadMembers and ThreadState expose threads (see threads.go for thread
// routes, DeleteThread and SetPrivateThreadsUnavailable); Requests and
// RequestsTo expose the raw REST traffic. FailNext, Inject and Delay
// inject 429s (with Discord's rate-limit headers and retry_after, which
// discordgo honours by sleeping and retrying), 5xx errors and latency.
//
// # OpenAPI validation
//
// The spec is found via WithSpec, the KINDRED_DISCORD_SPEC environment
// variable, or by walking up from the working directory to
// ../shared/discord-api-spec/openapi.json beside the repository root. It
// is parsed once per process. Without it, validation is skipped with one
// log line, unless CI=true, where New fails the test. Validation uses
// kin-openapi with its JSON Schema 2020-12 validator (OpenAPI 3.1).
// Known narrow adaptations:
//
//   - /api/v9 paths (discordgo) are validated as /api/v10 (the spec's
//     server).
//   - multipart/form-data bodies are validated through their payload_json
//     part against the operation's application/json schema; file parts are
//     not validated (the spec's multipart schema describes form fields, not
//     payload_json).
//   - default_member_permissions on command routes is validated as the
//     spec types it (integer or null): discordgo's ApplicationCommand
//     sends a string ("32"), which is recorded as a violation; Kindred
//     sends its own body (bot.WireCommand).
//   - Interaction callback bodies are a union (anyOf) in the spec; when
//     they fail, the error shown is that of the branch selected by "type".
//   - Only the BotToken security scheme is accepted.
//   - The fake's 4xx bodies omit Discord's field-level "errors" detail:
//     Discord uses string codes there, which the spec's ErrorDetails schema
//     (integer code) rejects. The detail appears in the violation instead.
//   - Interaction callbacks are answered 204; ?with_response is not
//     supported.
//
// Violations can be read with Violations, or consumed with TakeViolations
// by tests that provoke them on purpose.
//
// All methods are safe for concurrent use. Methods that take a testing.TB
// or that may fail the test (the interaction builders, AddMember) must be
// called from the test goroutine.
package discordtest
