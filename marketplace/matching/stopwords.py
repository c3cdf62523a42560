"""Stop words for the three interface languages (nl, en, fr).

Short, hand-kept lists of function words. They serve two purposes: dropping words that carry no
topic, and guessing the language of a text (a text's share of each language's function words).
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EN = _words(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves via within without towards upon among amongst across per etc
    may might must shall
    """
)

NL = _words(
    """
    aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen
    door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe
    hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar
    niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit
    uw van veel voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf
    zich zij zijn zo zonder zou binnen tussen via per waarbij waardoor welke onze jullie hun
    deze dat
    """
)

FR = _words(
    """
    a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les
    leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu
    que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y
    été être avoir est sont était ont avons avez fait faire comme plus moins entre sans sous
    chez dont afin ainsi aussi car donc leurs lors celui celle ceux celles vers selon ni
    """
)

BY_LANGUAGE: dict[str, frozenset[str]] = {"en": EN, "nl": NL, "fr": FR}

# Words removed whatever the detected language: a multilingual text (a Dutch summary with an
# English title) must not keep the other language's function words as "topic" terms.
# A few function words are topic words in another language ("car", "ton", "die"); those are
# only removed when the text is detected to be in their own language.
AMBIGUOUS = frozenset({"car", "ton", "men", "die", "son", "pas", "ben", "mine"})
ALL = (EN | NL | FR) - AMBIGUOUS

# Words that almost every company or project text uses ("we make products for our
# customers"). They still count in the ranking (their idf weighs them), but a reason never
# cites them as what two texts have in common: "both speak of 'make' and 'product'" names no
# fact a reader can act on.
GENERIC: dict[str, frozenset[str]] = {
    "en": _words(
        """
        make makes making made product products work works working customer customers client
        clients company companies business solution solutions new help helps use using people
        project projects partner partners small large time year years develop developing
        development application applications support service services want need
        """
    ),
    "nl": _words(
        """
        maken maakt maak gemaakt product producten werken werkt werk klant klanten bedrijf
        bedrijven oplossing oplossingen nieuw nieuwe helpen helpt gebruik gebruiken mensen
        project projecten partner partners klein kleine groot grote tijd jaar jaren
        ontwikkelen ontwikkeling toepassing toepassingen laten willen zoeken samen eigen
        """
    ),
    "fr": _words(
        """
        faire fait fabriquer produit produits travail travailler travaille client clients
        entreprise entreprises solution solutions nouveau nouvelle nouveaux aider aide utiliser
        personnes projet projets partenaire partenaires petit petite petites grand grande
        grandes temps année années développer développement application applications
        """
    ),
}
