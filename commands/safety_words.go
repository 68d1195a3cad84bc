package commands

// safetyWords are the safety net's words in one language, written for it
// rather than translated word by word. They follow safetynet/GUIDANCE.md:
// warm, plain and short, a few signposts, no method detail, no questions
// that push for reassurance. %s verbs are filled in as the comments say.
type safetyWords struct {
	UrgentLead                string // the member's words are taken seriously; no %s
	CallNow                   string // %s: the emergency number
	TopLine                   string // %s: the service, %s: how to reach it, %s: its hours
	NoLines                   string // no lines for the country: the local emergency number, then a directory (%s)
	ConcernLead               string
	Signposts                 string // heading of the two or three signposts
	Directory                 string // %s: the directory's website
	ModOfferDM                string // in a DM: how to ask a moderator, nothing sent
	ModOfferConcern           string // after /concern: the moderators have it, marked urgent
	CrisisPointer             string
	Call, Text, Chat, Website string // how to reach a line: "call", "text", ...
	// The crisis embeds (/crisis and the safety net).
	Title          string // %s: the country
	NotAlone       string // %s: the emergency number
	Emergency      string
	Abroad         string
	Hours          string
	Languages      string
	Anywhere       string
	Directories    string
	Footer         string // %s: the date the lines were checked
	UnknownCountry string // %s: the country's name
	UnknownCode    string
	FindNear       string
	DangerLocal    string
	AloneTitle     string
}

// safetyText is the safety net's words in each language Kindred has.
var safetyText = map[string]safetyWords{
	"en": {
		UrgentLead:      "💙 I'm really glad you told me. What you're carrying sounds very heavy, and right now your safety matters most.",
		CallNow:         "**If you might act on these thoughts, or you're not safe, please call %s now.**",
		TopLine:         "You can also talk to **%s**: %s (%s). They're there to listen, and you don't have to have the right words.",
		NoLines:         "**If you might act on these thoughts, or you're not safe, please call your local emergency number now.** You can find a helpline near you at %s.",
		ConcernLead:     "💙 Thank you for telling me. It sounds like things feel really hard right now, maybe too much to carry on your own. You don't have to.",
		Signposts:       "People who will listen:",
		Directory:       "Helplines in other countries: %s",
		ModOfferDM:      "If you'd like someone from your community to check on you, use `/concern named` in your server or message one of its moderators. I don't pass on anything you write to me here.",
		ModOfferConcern: "Your concern has reached the moderators marked **urgent**, so they know to look at it soon. Nothing about who you are has changed in what they see.",
		CrisisPointer:   "`/crisis` in your server shows every line for your country, any time.",
		Call:            "call", Text: "text", Chat: "chat", Website: "website",
		Title:          "Crisis lines: %s",
		NotAlone:       "You are not alone. If you are in danger right now, call **%s**.",
		Emergency:      "Emergency",
		Abroad:         "Dial these from inside the country: many don't work from abroad.",
		Hours:          "Hours",
		Languages:      "Languages",
		Anywhere:       "Anywhere in the world",
		Directories:    "These directories list helplines in most countries.",
		Footer:         "Checked against public sources on %s. Numbers change: if one doesn't answer, try the next. Kindred is not a crisis service.",
		UnknownCountry: "I don't have crisis lines for %s yet.",
		UnknownCode:    "I don't have crisis lines for that country yet.",
		FindNear:       "The directories below can find a helpline near you.",
		DangerLocal:    "If you are in danger right now, please call your local emergency number.",
		AloneTitle:     "You are not alone",
	},
	"es": {
		UrgentLead:      "💙 Gracias por contármelo. Lo que estás viviendo suena muy duro, y ahora mismo lo más importante es que estés a salvo.",
		CallNow:         "**Si sientes que podrías hacerte daño, o no estás a salvo, llama ahora al %s.**",
		TopLine:         "También puedes hablar con **%s**: %s (%s). Están ahí para escucharte, no hace falta encontrar las palabras perfectas.",
		NoLines:         "**Si sientes que podrías hacerte daño, o no estás a salvo, llama ahora al número de emergencias de tu país.** Aquí puedes encontrar una línea de ayuda cerca de ti: %s.",
		ConcernLead:     "💙 Gracias por decírmelo. Parece que ahora todo pesa mucho, quizá demasiado para llevarlo a solas. No tienes por qué hacerlo.",
		Signposts:       "Personas que te escucharán:",
		Directory:       "Líneas de ayuda en otros países: %s",
		ModOfferDM:      "Si quieres que alguien de tu comunidad se ponga en contacto contigo, usa `/concern named` en tu servidor o escribe a un moderador. No comparto con nadie lo que me escribes aquí.",
		ModOfferConcern: "Tu aviso ha llegado a los moderadores marcado como **urgente**, para que lo miren pronto. Lo que ven sobre ti no ha cambiado.",
		CrisisPointer:   "`/crisis` en tu servidor muestra todas las líneas de tu país, a cualquier hora.",
		Call:            "llama al", Text: "envía un SMS al", Chat: "chat", Website: "web",
		Title:          "Líneas de crisis: %s",
		NotAlone:       "No estás solo ni sola. Si estás en peligro ahora mismo, llama al **%s**.",
		Emergency:      "Emergencias",
		Abroad:         "Marca estos números desde el propio país: muchos no funcionan desde el extranjero.",
		Hours:          "Horario",
		Languages:      "Idiomas",
		Anywhere:       "En cualquier lugar del mundo",
		Directories:    "Estos directorios recogen líneas de ayuda de casi todos los países.",
		Footer:         "Comprobado con fuentes públicas el %s. Los números cambian: si uno no responde, prueba el siguiente. Kindred no es un servicio de crisis.",
		UnknownCountry: "Todavía no tengo líneas de crisis para %s.",
		UnknownCode:    "Todavía no tengo líneas de crisis para ese país.",
		FindNear:       "Los directorios de abajo pueden encontrar una línea cerca de ti.",
		DangerLocal:    "Si estás en peligro ahora mismo, llama al número de emergencias de tu país.",
		AloneTitle:     "No estás solo ni sola",
	},
	"fr": {
		UrgentLead:      "💙 Merci de me l'avoir dit. Ce que tu traverses a l'air très lourd, et en ce moment, ta sécurité passe avant tout.",
		CallNow:         "**Si tu risques de passer à l'acte, ou si tu n'es pas en sécurité, appelle le %s maintenant.**",
		TopLine:         "Tu peux aussi parler à **%s** : %s (%s). On t'y écoutera, pas besoin de trouver les bons mots.",
		NoLines:         "**Si tu risques de passer à l'acte, ou si tu n'es pas en sécurité, appelle maintenant le numéro d'urgence de ton pays.** Tu trouveras une ligne d'écoute près de chez toi ici : %s.",
		ConcernLead:     "💙 Merci de me le confier. On dirait que tout est très dur en ce moment, peut-être trop pour le porter seul·e. Tu n'as pas à le faire.",
		Signposts:       "Des personnes qui t'écouteront :",
		Directory:       "Lignes d'écoute dans d'autres pays : %s",
		ModOfferDM:      "Si tu veux que quelqu'un de ta communauté prenne de tes nouvelles, utilise `/concern named` sur ton serveur ou écris à un·e modérateur·rice. Je ne transmets rien de ce que tu m'écris ici.",
		ModOfferConcern: "Ton signalement est arrivé aux modérateurs marqué **urgent**, pour qu'ils le regardent vite. Ce qu'ils voient de toi n'a pas changé.",
		CrisisPointer:   "`/crisis` sur ton serveur affiche toutes les lignes de ton pays, à tout moment.",
		Call:            "appelle le", Text: "envoie un SMS au", Chat: "chat", Website: "site",
		Title:          "Lignes d'écoute : %s",
		NotAlone:       "Tu n'es pas seul·e. Si tu es en danger maintenant, appelle le **%s**.",
		Emergency:      "Urgences",
		Abroad:         "Compose ces numéros depuis le pays : beaucoup ne marchent pas depuis l'étranger.",
		Hours:          "Horaires",
		Languages:      "Langues",
		Anywhere:       "Partout dans le monde",
		Directories:    "Ces annuaires recensent des lignes d'écoute dans la plupart des pays.",
		Footer:         "Vérifié auprès de sources publiques le %s. Les numéros changent : si l'un ne répond pas, essaie le suivant. Kindred n'est pas un service d'urgence.",
		UnknownCountry: "Je n'ai pas encore de lignes pour %s.",
		UnknownCode:    "Je n'ai pas encore de lignes pour ce pays.",
		FindNear:       "Les annuaires ci-dessous peuvent trouver une ligne près de chez toi.",
		DangerLocal:    "Si tu es en danger maintenant, appelle le numéro d'urgence de ton pays.",
		AloneTitle:     "Tu n'es pas seul·e",
	},
	"de": {
		UrgentLead:      "💙 Danke, dass du es mir sagst. Was du gerade trägst, klingt sehr schwer, und jetzt zählt vor allem, dass du sicher bist.",
		CallNow:         "**Wenn du fürchtest, dir etwas anzutun, oder nicht sicher bist, ruf bitte jetzt die %s an.**",
		TopLine:         "Du kannst auch mit **%s** sprechen: %s (%s). Dort hört dir jemand zu, du musst nicht die richtigen Worte finden.",
		NoLines:         "**Wenn du fürchtest, dir etwas anzutun, oder nicht sicher bist, ruf bitte jetzt den Notruf deines Landes an.** Eine Beratungsstelle in deiner Nähe findest du hier: %s.",
		ConcernLead:     "💙 Danke, dass du mir das anvertraust. Es klingt, als wäre gerade alles sehr schwer, vielleicht zu schwer, um es allein zu tragen. Das musst du nicht.",
		Signposts:       "Hier hört dir jemand zu:",
		Directory:       "Hilfe in anderen Ländern: %s",
		ModOfferDM:      "Wenn du möchtest, dass sich jemand aus deiner Community bei dir meldet, nutze `/concern named` auf deinem Server oder schreib einer Moderatorin oder einem Moderator. Was du mir hier schreibst, gebe ich nicht weiter.",
		ModOfferConcern: "Dein Anliegen ist bei den Moderatoren angekommen, als **dringend** markiert, damit sie es bald ansehen. An dem, was sie über dich sehen, hat sich nichts geändert.",
		CrisisPointer:   "`/crisis` auf deinem Server zeigt jederzeit alle Nummern für dein Land.",
		Call:            "Anruf", Text: "SMS", Chat: "Chat", Website: "Website",
		Title:          "Krisendienste: %s",
		NotAlone:       "Du bist nicht allein. Wenn du gerade in Gefahr bist, ruf die **%s** an.",
		Emergency:      "Notruf",
		Abroad:         "Wähle diese Nummern im Land selbst: viele funktionieren nicht aus dem Ausland.",
		Hours:          "Erreichbar",
		Languages:      "Sprachen",
		Anywhere:       "Überall auf der Welt",
		Directories:    "Diese Verzeichnisse listen Hilfsangebote in den meisten Ländern.",
		Footer:         "Am %s mit öffentlichen Quellen abgeglichen. Nummern ändern sich: wenn eine nicht antwortet, versuch die nächste. Kindred ist kein Krisendienst.",
		UnknownCountry: "Für %s habe ich noch keine Krisennummern.",
		UnknownCode:    "Für dieses Land habe ich noch keine Krisennummern.",
		FindNear:       "Die Verzeichnisse unten finden Hilfe in deiner Nähe.",
		DangerLocal:    "Wenn du gerade in Gefahr bist, ruf bitte den Notruf deines Landes an.",
		AloneTitle:     "Du bist nicht allein",
	},
	"pt": {
		UrgentLead:      "💙 Obrigado por me contar. O que você está carregando parece muito pesado, e agora o mais importante é a sua segurança.",
		CallNow:         "**Se você sente que pode agir sobre esses pensamentos, ou não está em segurança, ligue agora para o %s.**",
		TopLine:         "Você também pode falar com **%s**: %s (%s). Eles estão lá para ouvir, não precisa encontrar as palavras certas.",
		NoLines:         "**Se você sente que pode agir sobre esses pensamentos, ou não está em segurança, ligue agora para o número de emergência do seu país.** Você encontra uma linha de apoio perto de você aqui: %s.",
		ConcernLead:     "💙 Obrigado por me dizer. Parece que as coisas estão muito difíceis agora, talvez pesadas demais para carregar sozinho. Você não precisa.",
		Signposts:       "Pessoas que vão te ouvir:",
		Directory:       "Linhas de apoio em outros países: %s",
		ModOfferDM:      "Se quiser que alguém da sua comunidade fale com você, use `/concern named` no seu servidor ou mande mensagem para um moderador. Eu não repasso nada do que você me escreve aqui.",
		ModOfferConcern: "Sua preocupação chegou aos moderadores marcada como **urgente**, para que vejam logo. O que eles sabem sobre você não mudou.",
		CrisisPointer:   "`/crisis` no seu servidor mostra todas as linhas do seu país, a qualquer hora.",
		Call:            "ligue", Text: "SMS", Chat: "chat", Website: "site",
		Title:          "Linhas de apoio: %s",
		NotAlone:       "Você não está sozinho. Se estiver em perigo agora, ligue **%s**.",
		Emergency:      "Emergência",
		Abroad:         "Disque de dentro do país: muitos números não funcionam do exterior.",
		Hours:          "Horário",
		Languages:      "Idiomas",
		Anywhere:       "Em qualquer lugar do mundo",
		Directories:    "Estes diretórios reúnem linhas de apoio da maioria dos países.",
		Footer:         "Conferido com fontes públicas em %s. Os números mudam: se um não atender, tente o próximo. O Kindred não é um serviço de crise.",
		UnknownCountry: "Ainda não tenho linhas de apoio para %s.",
		UnknownCode:    "Ainda não tenho linhas de apoio para esse país.",
		FindNear:       "Os diretórios abaixo podem encontrar uma linha perto de você.",
		DangerLocal:    "Se estiver em perigo agora, ligue para o número de emergência do seu país.",
		AloneTitle:     "Você não está sozinho",
	},
	"it": {
		UrgentLead:      "💙 Grazie di avermelo detto. Quello che stai portando sembra molto pesante, e adesso la cosa più importante è che tu sia al sicuro.",
		CallNow:         "**Se senti che potresti farti del male, o non sei al sicuro, chiama subito il %s.**",
		TopLine:         "Puoi anche parlare con **%s**: %s (%s). Sono lì per ascoltarti, non servono le parole giuste.",
		NoLines:         "**Se senti che potresti farti del male, o non sei al sicuro, chiama subito il numero di emergenza del tuo paese.** Qui trovi una linea di ascolto vicino a te: %s.",
		ConcernLead:     "💙 Grazie di avermelo confidato. Sembra che adesso tutto sia molto difficile, forse troppo da portare da solo. Non devi farlo.",
		Signposts:       "Persone che ti ascolteranno:",
		Directory:       "Linee di ascolto in altri paesi: %s",
		ModOfferDM:      "Se vuoi che qualcuno della tua comunità ti contatti, usa `/concern named` nel tuo server o scrivi a un moderatore. Non riferisco a nessuno ciò che mi scrivi qui.",
		ModOfferConcern: "La tua segnalazione è arrivata ai moderatori con il segno **urgente**, così la guardano presto. Ciò che vedono di te non è cambiato.",
		CrisisPointer:   "`/crisis` nel tuo server mostra tutte le linee del tuo paese, in ogni momento.",
		Call:            "chiama", Text: "SMS", Chat: "chat", Website: "sito",
		Title:          "Linee di ascolto: %s",
		NotAlone:       "Non sei solo. Se sei in pericolo adesso, chiama il **%s**.",
		Emergency:      "Emergenza",
		Abroad:         "Componi questi numeri dal paese stesso: molti non funzionano dall'estero.",
		Hours:          "Orari",
		Languages:      "Lingue",
		Anywhere:       "Ovunque nel mondo",
		Directories:    "Questi elenchi raccolgono linee di ascolto nella maggior parte dei paesi.",
		Footer:         "Verificato con fonti pubbliche il %s. I numeri cambiano: se uno non risponde, prova il successivo. Kindred non è un servizio di emergenza.",
		UnknownCountry: "Non ho ancora linee di ascolto per %s.",
		UnknownCode:    "Non ho ancora linee di ascolto per quel paese.",
		FindNear:       "Gli elenchi qui sotto possono trovare una linea vicino a te.",
		DangerLocal:    "Se sei in pericolo adesso, chiama il numero di emergenza del tuo paese.",
		AloneTitle:     "Non sei solo",
	},
	"nl": {
		UrgentLead:      "💙 Fijn dat je het me vertelt. Wat je nu draagt klinkt heel zwaar, en op dit moment gaat je veiligheid voor alles.",
		CallNow:         "**Als je bang bent dat je iets gaat doen, of je bent niet veilig, bel dan nu %s.**",
		TopLine:         "Je kunt ook praten met **%s**: %s (%s). Ze luisteren naar je, je hoeft niet de juiste woorden te vinden.",
		NoLines:         "**Als je bang bent dat je iets gaat doen, of je bent niet veilig, bel dan nu het alarmnummer van je land.** Een hulplijn bij jou in de buurt vind je hier: %s.",
		ConcernLead:     "💙 Dank je dat je dit met me deelt. Het klinkt alsof alles nu heel zwaar is, misschien te zwaar om alleen te dragen. Dat hoeft ook niet.",
		Signposts:       "Mensen die naar je luisteren:",
		Directory:       "Hulplijnen in andere landen: %s",
		ModOfferDM:      "Wil je dat iemand uit je community contact met je opneemt? Gebruik `/concern named` in je server of stuur een moderator een bericht. Wat je me hier schrijft, geef ik aan niemand door.",
		ModOfferConcern: "Je melding is bij de moderators aangekomen, gemarkeerd als **dringend**, zodat ze er snel naar kijken. Wat ze over jou zien, is niet veranderd.",
		CrisisPointer:   "`/crisis` in je server toont altijd alle hulplijnen voor je land.",
		Call:            "bel", Text: "sms", Chat: "chat", Website: "website",
		Title:          "Hulplijnen: %s",
		NotAlone:       "Je staat er niet alleen voor. Ben je nu in gevaar, bel dan **%s**.",
		Emergency:      "Alarmnummer",
		Abroad:         "Bel deze nummers vanuit het land zelf: veel werken niet vanuit het buitenland.",
		Hours:          "Bereikbaar",
		Languages:      "Talen",
		Anywhere:       "Overal ter wereld",
		Directories:    "Deze overzichten noemen hulplijnen in de meeste landen.",
		Footer:         "Op %s gecontroleerd aan de hand van openbare bronnen. Nummers veranderen: neemt er een niet op, probeer dan de volgende. Kindred is geen crisisdienst.",
		UnknownCountry: "Ik heb nog geen hulplijnen voor %s.",
		UnknownCode:    "Ik heb nog geen hulplijnen voor dat land.",
		FindNear:       "De overzichten hieronder vinden een hulplijn bij jou in de buurt.",
		DangerLocal:    "Ben je nu in gevaar, bel dan het alarmnummer van je land.",
		AloneTitle:     "Je staat er niet alleen voor",
	},
	"pl": {
		UrgentLead:      "💙 Dziękuję, że mi o tym mówisz. To, co teraz dźwigasz, brzmi bardzo ciężko, a w tej chwili najważniejsze jest twoje bezpieczeństwo.",
		CallNow:         "**Jeśli czujesz, że możesz zrobić sobie krzywdę, albo nie jesteś bezpieczna lub bezpieczny, zadzwoń teraz pod %s.**",
		TopLine:         "Możesz też porozmawiać z **%s**: %s (%s). Tam ktoś cię wysłucha, nie musisz szukać odpowiednich słów.",
		NoLines:         "**Jeśli czujesz, że możesz zrobić sobie krzywdę, albo nie jesteś bezpieczna lub bezpieczny, zadzwoń teraz pod numer alarmowy swojego kraju.** Telefon zaufania w pobliżu znajdziesz tutaj: %s.",
		ConcernLead:     "💙 Dziękuję, że mi to powierzasz. Brzmi to tak, jakby teraz wszystko było bardzo trudne, może zbyt trudne, by nieść to samemu. Nie musisz.",
		Signposts:       "Tu ktoś cię wysłucha:",
		Directory:       "Telefony zaufania w innych krajach: %s",
		ModOfferDM:      "Jeśli chcesz, żeby ktoś z twojej społeczności się do ciebie odezwał, użyj `/concern named` na swoim serwerze albo napisz do moderatora. Nikomu nie przekazuję tego, co mi tu piszesz.",
		ModOfferConcern: "Twoje zgłoszenie trafiło do moderatorów oznaczone jako **pilne**, żeby szybko je przejrzeli. To, co o tobie widzą, się nie zmieniło.",
		CrisisPointer:   "`/crisis` na twoim serwerze pokaże w każdej chwili wszystkie numery dla twojego kraju.",
		Call:            "zadzwoń", Text: "SMS", Chat: "czat", Website: "strona",
		Title:          "Telefony wsparcia: %s",
		NotAlone:       "Nie jesteś sam ani sama. Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod **%s**.",
		Emergency:      "Numer alarmowy",
		Abroad:         "Dzwoń z tego kraju: wiele numerów nie działa z zagranicy.",
		Hours:          "Godziny",
		Languages:      "Języki",
		Anywhere:       "Gdziekolwiek na świecie",
		Directories:    "Te katalogi zbierają telefony zaufania z większości krajów.",
		Footer:         "Sprawdzone w publicznych źródłach %s. Numery się zmieniają: jeśli jeden nie odpowiada, spróbuj następnego. Kindred nie jest służbą kryzysową.",
		UnknownCountry: "Nie mam jeszcze numerów dla kraju: %s.",
		UnknownCode:    "Nie mam jeszcze numerów dla tego kraju.",
		FindNear:       "Katalogi poniżej pomogą znaleźć pomoc w pobliżu.",
		DangerLocal:    "Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod numer alarmowy swojego kraju.",
		AloneTitle:     "Nie jesteś sam ani sama",
	},
}

// wordsFor is the safety net's words for a language, English when
// Kindred has none for it.
func wordsFor(lang string) safetyWords {
	if w, ok := safetyText[lang]; ok {
		return w
	}
	return safetyText["en"]
}
