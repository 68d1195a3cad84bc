package scheduler

func init() {
	register(&vocab{
		lang: "pl",
		words: map[string]string{
			"poniedziałek": "monday", "poniedziałki": "monday", "poniedziałku": "monday", "pon": "monday",
			"wtorek": "tuesday", "wtorki": "tuesday", "wtorku": "tuesday", "wt": "tuesday",
			"środa": "wednesday", "środę": "wednesday", "środy": "wednesday", "śr": "wednesday",
			"czwartek": "thursday", "czwartki": "thursday", "czwartku": "thursday", "czw": "thursday",
			"piątek": "friday", "piątki": "friday", "piątku": "friday", "pt": "friday",
			"sobota": "saturday", "sobotę": "saturday", "soboty": "saturday", "sob": "saturday",
			"niedziela": "sunday", "niedzielę": "sunday", "niedziele": "sunday", "niedzieli": "sunday", "nd": "sunday", "niedz": "sunday",
			"każdy": "every", "każdą": "every", "każda": "every", "każde": "every", "każdego": "every", "co": "every",
			"dzień": "day", "codziennie": "every day", "codzienny": "daily",
			"weekendy": "weekends",
			"tydzień":  "week", "tygodnie": "week", "tygodniu": "week", "tygodnia": "week", "cotygodniowo": "weekly",
			"miesiąc": "month", "miesiąca": "month", "miesiącu": "month", "miesięcznie": "monthly", "comiesięcznie": "monthly",
			"pierwszy": "first", "pierwszą": "first", "pierwsza": "first", "pierwsze": "first",
			"drugi": "second", "drugą": "second", "druga": "second", "drugie": "second",
			"trzeci": "third", "trzecią": "third", "trzecia": "third", "trzecie": "third",
			"czwarty": "fourth", "czwartą": "fourth", "czwarta": "fourth", "czwarte": "fourth",
			"ostatni": "last", "ostatnią": "last", "ostatnia": "last", "ostatnie": "last",
			"piąty": "fifth", "piątą": "fifth",
			"w": "", "we": "", "dnia": "", "i": "and", "oraz": "and",
			"jednorazowo": "once", "raz": "once",
			"południe": "noon", "północ": "midnight",
			"godzinę": "hour", "minut": "minutes", "rok": "year", "rocznie": "yearly",
		},
		phrases: map[string]string{
			"każdego dnia": "every day", "co dzień": "every day",
			"dni robocze": "weekdays", "dni powszednie": "weekdays", "dzień roboczy": "weekdays",
			"dwa tygodnie": "other week", "2 tygodnie": "other week",
		},
		atWords:    []string{"o"},
		rangeWords: []string{"do"},
		fromWords:  []string{"od"},
		months:     [12]string{"stycznia|styczeń", "lutego|luty", "marca|marzec", "kwietnia|kwiecień", "maja|maj", "czerwca|czerwiec", "lipca|lipiec", "sierpnia|sierpień", "września|wrzesień", "października|październik", "listopada|listopad", "grudnia|grudzień"},
		days:       [7]string{"niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"},
	})
}
