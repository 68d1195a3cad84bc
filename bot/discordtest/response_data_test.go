package discordtest

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// decodeResponseDataReference decodes the "data" of a callback's JSON body
// (payload_json for multipart) straight from its bytes.
func decodeResponseDataReference(body []byte) ResponseData {
	var rd ResponseData
	var envelope struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &envelope) != nil || len(envelope.Data) == 0 {
		return rd
	}
	var plain struct {
		TTS             bool                                        `json:"tts"`
		Content         string                                      `json:"content"`
		Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
		Flags           discordgo.MessageFlags                      `json:"flags"`
		AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions"`
		Attachments     []*discordgo.MessageAttachment              `json:"attachments"`
		Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		CustomID        string                                      `json:"custom_id"`
		Title           string                                      `json:"title"`
		Components      []json.RawMessage                           `json:"components"`
	}
	_ = json.Unmarshal(envelope.Data, &plain)
	rd = ResponseData{TTS: plain.TTS, Content: plain.Content, Embeds: plain.Embeds, Flags: plain.Flags,
		AllowedMentions: plain.AllowedMentions, Attachments: plain.Attachments, Choices: plain.Choices,
		CustomID: plain.CustomID, Title: plain.Title}
	for _, c := range plain.Components {
		if mc, err := discordgo.MessageComponentFromJSON(c); err == nil {
			rd.Components = append(rd.Components, mc)
		}
	}
	return rd
}

// responseDataOf converts decoded callback data to exactly what decoding
// the body's bytes with encoding/json and discordgo gives, for every kind
// of component and the fields around them.
func TestResponseDataOfMatchesDecodingTheBytes(t *testing.T) {
	for name, body := range map[string]string{
		"check-in":                 `{"type":4,"data":{"tts":false,"content":"✅ Saved.\nOnly you.","components":[{"components":[{"custom_id":"ci-feel:1","placeholder":"How else?","min_values":0,"max_values":20,"options":[{"label":"angry","value":"angry","description":"","default":false},{"label":"calm","value":"calm","description":"a calm","default":true,"emoji":{"name":"😌"}}],"disabled":false,"type":3}],"type":1},{"components":[{"label":"Add a note","style":2,"disabled":false,"emoji":{"name":"📝"},"custom_id":"ci-note:1","type":2},{"label":"Docs","style":5,"url":"https://example.org","type":2,"disabled":true}],"type":1}],"embeds":[],"allowed_mentions":{"parse":[],"replied_user":false},"flags":64}}`,
		"modal":                    `{"type":9,"data":{"custom_id":"form:1","title":"A note","components":[{"type":1,"components":[{"type":4,"custom_id":"note","label":"Your note","style":2,"placeholder":"…","value":"hi","required":true,"min_length":1,"max_length":1000}]}]}}`,
		"selects":                  `{"type":4,"data":{"content":"pick","components":[{"type":1,"components":[{"type":8,"custom_id":"ch","placeholder":"","channel_types":[0,15],"max_values":1,"default_values":[{"id":"12","type":"channel"}],"disabled":false}]},{"type":1,"components":[{"type":5,"custom_id":"u","placeholder":"who","min_values":1,"max_values":3}]},{"type":1,"components":[{"type":6,"custom_id":"r","placeholder":"","id":7}]}]}}`,
		"embeds and unknown kinds": `{"type":4,"data":{"flags":32768,"embeds":[{"title":"T","description":"D","color":5,"fields":[{"name":"a","value":"b","inline":true}],"footer":{"text":"f"}}],"components":[{"type":17,"accent_color":3,"components":[{"type":10,"content":"hello"}]},{"type":1,"components":[{"type":2,"style":1,"custom_id":"x","label":"X","future_field":1}]}]}}`,
		"autocomplete":             `{"type":8,"data":{"choices":[{"name":"One","value":"1"},{"name":"Two","value":2}]}}`,
		"no data":                  `{"type":5}`,
	} {
		t.Run(name, func(t *testing.T) {
			var v struct {
				Data map[string]any `json:"data"`
			}
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			if v.Data == nil {
				v.Data = map[string]any{}
			}
			got, want := responseDataOf(v.Data), decodeResponseDataReference([]byte(body))
			if !reflect.DeepEqual(got, want) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(want)
				t.Errorf("got  %s\nwant %s", gj, wj)
			}
			if len(want.Components) == 0 && name != "autocomplete" && name != "no data" {
				t.Fatal("the reference decoded no components: the case tests nothing")
			}
		})
	}
}
