package discordtest

import (
	"encoding/json"

	"github.com/bwmarrin/discordgo"
)

// responseDataOf builds a callback's ResponseData from its "data", which
// the fake has already decoded (for validation) into maps. Components of
// the kinds bots send most (action rows, buttons, select menus and text
// inputs) are converted by hand; anything with a field this file does not
// know, and embeds and the other objects, go through encoding/json and
// discordgo's own decoders, so the result is always what discordgo would
// have decoded. Decoding the whole body again as typed JSON cost several
// times what the bot spent encoding it, which in-process benchmarks
// charged to the bot.
func responseDataOf(data map[string]any) ResponseData {
	rd := ResponseData{}
	rd.TTS, _ = data["tts"].(bool)
	rd.Content, _ = data["content"].(string)
	rd.Flags = discordgo.MessageFlags(toInt(data["flags"]))
	rd.CustomID, _ = data["custom_id"].(string)
	rd.Title, _ = data["title"].(string)
	viaJSON(data["embeds"], &rd.Embeds)
	viaJSON(data["allowed_mentions"], &rd.AllowedMentions)
	viaJSON(data["attachments"], &rd.Attachments)
	viaJSON(data["choices"], &rd.Choices)
	if cs, ok := data["components"].([]any); ok {
		for _, c := range cs {
			if mc := componentOf(c); mc != nil {
				rd.Components = append(rd.Components, mc)
			}
		}
	}
	return rd
}

// viaJSON decodes v, a decoded JSON value, into dst through encoding/json;
// nothing when v is absent or null.
func viaJSON(v any, dst any) {
	if v == nil {
		return
	}
	if b, err := json.Marshal(v); err == nil {
		_ = json.Unmarshal(b, dst)
	}
}

// componentOf converts one decoded component; nil if discordgo could not
// decode it either.
func componentOf(v any) discordgo.MessageComponent {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if c := convertComponent(m); c != nil {
		return c
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	c, err := discordgo.MessageComponentFromJSON(b)
	if err != nil {
		return nil
	}
	return c
}

// knownKeys are the fields convertComponent handles, by component type.
var knownKeys = map[discordgo.ComponentType]map[string]bool{
	discordgo.ActionsRowComponent: keySet("type", "id", "components"),
	discordgo.ButtonComponent:     keySet("type", "id", "label", "style", "disabled", "emoji", "url", "custom_id", "sku_id"),
	discordgo.SelectMenuComponent: keySet("type", "id", "custom_id", "placeholder", "min_values", "max_values", "options", "disabled", "default_values", "channel_types"),
	discordgo.TextInputComponent:  keySet("type", "id", "custom_id", "label", "style", "placeholder", "value", "required", "min_length", "max_length"),
}

func keySet(keys ...string) map[string]bool {
	s := map[string]bool{}
	for _, k := range keys {
		s[k] = true
	}
	return s
}

// convertComponent converts m by hand, or returns nil when it has a type
// or a field this file does not handle.
func convertComponent(m map[string]any) discordgo.MessageComponent {
	typ := discordgo.ComponentType(toInt(m["type"]))
	kind := typ
	switch typ {
	case discordgo.UserSelectMenuComponent, discordgo.RoleSelectMenuComponent,
		discordgo.MentionableSelectMenuComponent, discordgo.ChannelSelectMenuComponent:
		kind = discordgo.SelectMenuComponent
	}
	known, ok := knownKeys[kind]
	if !ok {
		return nil
	}
	for k := range m {
		if !known[k] {
			return nil
		}
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	flag := func(k string) bool { b, _ := m[k].(bool); return b }
	id := toInt(m["id"])
	switch kind {
	case discordgo.ActionsRowComponent:
		row := &discordgo.ActionsRow{ID: id}
		children, _ := m["components"].([]any)
		for _, c := range children {
			mc := componentOf(c)
			if mc == nil {
				return nil
			}
			row.Components = append(row.Components, mc)
		}
		return row
	case discordgo.ButtonComponent:
		b := &discordgo.Button{ID: id, Label: str("label"), Style: discordgo.ButtonStyle(toInt(m["style"])),
			Disabled: flag("disabled"), URL: str("url"), CustomID: str("custom_id"), SKUID: str("sku_id")}
		if e, ok := m["emoji"]; ok && e != nil {
			b.Emoji = &discordgo.ComponentEmoji{}
			viaJSON(e, b.Emoji)
		}
		return b
	case discordgo.SelectMenuComponent:
		s := &discordgo.SelectMenu{ID: id, MenuType: discordgo.SelectMenuType(typ), CustomID: str("custom_id"),
			Placeholder: str("placeholder"), MaxValues: toInt(m["max_values"]), Disabled: flag("disabled")}
		if v, ok := m["min_values"]; ok && v != nil {
			n := toInt(v)
			s.MinValues = &n
		}
		opts, _ := m["options"].([]any)
		for _, o := range opts {
			om, ok := o.(map[string]any)
			if !ok {
				return nil
			}
			opt := discordgo.SelectMenuOption{}
			opt.Label, _ = om["label"].(string)
			opt.Value, _ = om["value"].(string)
			opt.Description, _ = om["description"].(string)
			opt.Default, _ = om["default"].(bool)
			if e, ok := om["emoji"]; ok && e != nil {
				opt.Emoji = &discordgo.ComponentEmoji{}
				viaJSON(e, opt.Emoji)
			}
			s.Options = append(s.Options, opt)
		}
		viaJSON(m["default_values"], &s.DefaultValues)
		viaJSON(m["channel_types"], &s.ChannelTypes)
		return s
	case discordgo.TextInputComponent:
		return &discordgo.TextInput{ID: id, CustomID: str("custom_id"), Label: str("label"),
			Style: discordgo.TextInputStyle(toInt(m["style"])), Placeholder: str("placeholder"), Value: str("value"),
			Required: flag("required"), MinLength: toInt(m["min_length"]), MaxLength: toInt(m["max_length"])}
	}
	return nil
}
