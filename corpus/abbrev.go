package corpus

// abbrKind says how a full stop after an abbreviation is read.
type abbrKind int

const (
	// abbrNone: a word like any other; its full stop ends a sentence.
	abbrNone abbrKind = iota
	// abbrTitle comes before a name and never ends a sentence: "Dr. Smith".
	abbrTitle
	// abbrNumber comes before a number: "No. 1", "Jan. 5", "p. 12"; with no
	// number after it, its full stop ends the sentence.
	abbrNumber
	// abbrMayEnd often ends a sentence: "Apple Inc. The company" splits,
	// "Apple Inc. Chief" does not.
	abbrMayEnd
)

// abbreviations is a constant table of the abbreviations news prose uses,
// as written before their full stop (case matters).
var abbreviations = map[string]abbrKind{
	"Mr": abbrTitle, "Mrs": abbrTitle, "Ms": abbrTitle, "Dr": abbrTitle, "Prof": abbrTitle,
	"Messrs": abbrTitle, "Mme": abbrTitle, "Mlle": abbrTitle, "Rev": abbrTitle, "Hon": abbrTitle,
	"Gen": abbrTitle, "Gov": abbrTitle, "Sen": abbrTitle, "Rep": abbrTitle, "Reps": abbrTitle,
	"Sens": abbrTitle, "Lt": abbrTitle, "Col": abbrTitle, "Capt": abbrTitle, "Cmdr": abbrTitle,
	"Sgt": abbrTitle, "Maj": abbrTitle, "Adm": abbrTitle, "Pres": abbrTitle, "Supt": abbrTitle,
	"Det": abbrTitle, "Insp": abbrTitle, "Fr": abbrTitle, "Mt": abbrTitle,
	"Atty": abbrTitle, "Amb": abbrTitle, "Brig": abbrTitle, "Cpl": abbrTitle, "Pvt": abbrTitle,
	"cf": abbrTitle, "viz": abbrTitle, "vs": abbrTitle, "v": abbrTitle,

	"No": abbrNumber, "Nos": abbrNumber, "no": abbrNumber, "nos": abbrNumber,
	"Vol": abbrNumber, "vol": abbrNumber, "p": abbrNumber, "pp": abbrNumber,
	"Art": abbrNumber, "art": abbrNumber, "Fig": abbrNumber, "fig": abbrNumber,
	"Sec": abbrNumber, "sec": abbrNumber, "Ch": abbrNumber, "ch": abbrNumber,
	"Ex": abbrNumber, "Op": abbrNumber, "op": abbrNumber, "c": abbrNumber, "ca": abbrNumber,
	"Jan": abbrNumber, "Feb": abbrNumber, "Mar": abbrNumber, "Apr": abbrNumber,
	"Jun": abbrNumber, "Jul": abbrNumber, "Aug": abbrNumber, "Sep": abbrNumber,
	"Sept": abbrNumber, "Oct": abbrNumber, "Nov": abbrNumber, "Dec": abbrNumber,

	"Inc": abbrMayEnd, "Ltd": abbrMayEnd, "Co": abbrMayEnd, "Corp": abbrMayEnd,
	"Bros": abbrMayEnd, "Plc": abbrMayEnd, "plc": abbrMayEnd, "Jr": abbrMayEnd, "Sr": abbrMayEnd,
	"St": abbrMayEnd, "Ave": abbrMayEnd, "Blvd": abbrMayEnd, "Rd": abbrMayEnd,
	"Dept": abbrMayEnd, "Univ": abbrMayEnd, "Assn": abbrMayEnd, "Ft": abbrMayEnd,
	"etc": abbrMayEnd, "al": abbrMayEnd, "approx": abbrMayEnd, "est": abbrMayEnd,
	"Ph": abbrMayEnd, "Mass": abbrMayEnd, "Calif": abbrMayEnd, "Fla": abbrMayEnd,
	"Ill": abbrMayEnd, "Wash": abbrMayEnd, "Conn": abbrMayEnd, "Penn": abbrMayEnd,
	"Ariz": abbrMayEnd, "Colo": abbrMayEnd, "Mich": abbrMayEnd, "Minn": abbrMayEnd,
	"Tenn": abbrMayEnd, "Va": abbrMayEnd, "Ga": abbrMayEnd, "Ky": abbrMayEnd,
	"Del": abbrMayEnd, "Avg": abbrMayEnd, "Pop": abbrMayEnd, "Est": abbrMayEnd,
}

// sentenceStarters are words that commonly open a sentence, so that a full
// stop after an abbreviation that may end one ("Inc.", "U.S.") does end it
// when one of them follows.
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true,
	"They": true, "We": true, "I": true, "You": true, "His": true, "Her": true,
	"Its": true, "Their": true, "Our": true, "My": true, "But": true, "And": true,
	"Or": true, "So": true, "Yet": true, "In": true, "On": true, "At": true,
	"For": true, "From": true, "To": true, "With": true, "By": true, "As": true,
	"If": true, "When": true, "While": true, "After": true, "Before": true,
	"Since": true, "Although": true, "Though": true, "However": true,
	"Meanwhile": true, "This": true, "That": true, "These": true, "Those": true,
	"There": true, "Then": true, "Now": true, "Still": true, "Also": true,
	"Some": true, "Many": true, "Most": true, "All": true, "What": true,
	"Why": true, "How": true, "Who": true, "Where": true, "Last": true,
	"Earlier": true, "Later": true, "According": true, "Mr": true, "Mrs": true,
	"Ms": true, "Dr": true, "Under": true, "Despite": true, "During": true,
	"Officials": true, "Analysts": true, "Shares": true,
}
