package commands

import "github.com/bwmarrin/discordgo"

// oneLineForm is a modal with a single short, required text input.
func oneLineForm(customID, title, inputID, label, placeholder, value string, maxLength int) *Modal {
	return &Modal{
		CustomID: customID,
		Title:    title,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID: inputID, Label: label, Style: discordgo.TextInputShort,
				Placeholder: placeholder, Value: value, Required: true, MaxLength: maxLength,
			},
		}}},
	}
}
