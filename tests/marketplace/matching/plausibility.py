"""Plausible and implausible partners for the demo companies of the five sectors, by hand.

Written from what each company makes, buys and sells (its description and equipment in
``marketplace/data/demo.json``) and how these trades work in Flanders, not from what the
engine suggests. A *plausible* partner is a real supplier or customer in the company's value
chain, a peer it would subcontract to or from, or a knowledge partner working in its field. An
*implausible* partner is one a person who knows the trade would not call: nothing flows
between them and no knowledge institution in their field. Organisations left out are neither
(generic intermediaries, the student association, weak or one-off links): a suggestion of them
is not counted either way.

Each label carries a one-line reason. Organisations appear under their ``ref``.
"""

from __future__ import annotations

CLOTHING = (
    "demo:lindenhof",
    "demo:de-spoel",
    "demo:noorderlinnen",
    "demo:kleedij-merel",
    "demo:signaalwerk",
)
FOOD = (
    "demo:goudkorst",
    "demo:polderversch",
    "demo:noordster",
    "demo:kempenmelk",
    "demo:demerdal",
    "demo:noordzee-voeding",
)
FURNITURE = (
    "demo:leiehout",
    "demo:zitcomfort-mandel",
    "demo:brabo-keukens",
    "demo:kwadraat",
    "demo:meetjesland-interieur",
)
METAL = (
    "demo:hoogveld-staalbouw",
    "demo:dijlemech",
    "demo:westhoek-plaatwerk",
    "demo:scheldeland-machinebouw",
    "demo:rupel-coating",
    "demo:kempen-drive",
)
GRAPHIC = (
    "demo:de-zwaluw",
    "demo:labelwerk-noord",
    "demo:inktvis",
    "demo:kaft-en-co",
    "demo:golfkarton-maasland",
)
SECTORS = {
    "clothing": CLOTHING,
    "food": FOOD,
    "furniture": FURNITURE,
    "metal": METAL,
    "graphic": GRAPHIC,
}

Labels = dict[str, str]  # partner ref -> why


def _each(refs: tuple[str, ...], why: str, *, but: tuple[str, ...] = ()) -> Labels:
    """The same reason for a group of organisations (a sector), leaving out ``but``."""
    return {ref: why for ref in refs if ref not in but}


PLAUSIBLE: dict[str, Labels] = {}
IMPLAUSIBLE: dict[str, Labels] = {}

# --- clothing ------------------------------------------------------------------------------

PLAUSIBLE["demo:lindenhof"] = {
    "demo:vezel": "textile knowledge centre: fabric testing, finishing, circular garments",
    "demo:univ-leieland": "textile test lab and production-technology lab in Ghent",
    "demo:hogeschool-maas-demer": "teaches fashion design; students take real company briefs",
    "demo:kleedij-merel": "a label that has its garments made by Flemish ateliers: a customer",
    "demo:noorderlinnen": "linen garment maker: shared small-series confection, linen cloth",
    "demo:signaalwerk": "garment maker with 45 sewing posts: overflow subcontracting both ways",
    "demo:de-spoel": "knitwear atelier: knitted collars and accessories for coats",
}
IMPLAUSIBLE["demo:lindenhof"] = {
    **_each(FOOD, "food processors neither supply a coat atelier nor buy from it"),
    **_each(METAL, "metalworking has no flow to or from women's coats"),
    **_each(
        FURNITURE,
        "wood and steel furniture makers share no inputs or customers with a coat atelier",
        but=("demo:zitcomfort-mandel",),
    ),
    "demo:houtwijs": "wood and furniture knowledge centre, not textiles",
    "demo:ovv": "food and packaging research centre, not textiles",
    "demo:kaft-en-co": "bookbinding has nothing to do with coats",
    "demo:labelwerk-noord": "self-adhesive labels for food and cosmetics, not garment labels",
}

PLAUSIBLE["demo:de-spoel"] = {
    "demo:vezel": "textile recycling and testing: recycled wool and less waste yarn",
    "demo:univ-leieland": "textile test lab: yarn and knit testing",
    "demo:hogeschool-maas-demer": "fashion design students for faster samples and collections",
    "demo:kleedij-merel": "a label producing at Flemish partners: a customer for contract knitting",
    "demo:lindenhof": "coat atelier: knitted trims and accessories, shared customers",
    "demo:noorderlinnen": "clothing brand with its own shops: buys knitwear for its collection",
}
IMPLAUSIBLE["demo:de-spoel"] = {
    **_each(FOOD, "food processors neither supply a knitting atelier nor buy knitwear"),
    **_each(METAL, "metalworking has no flow to or from knitwear"),
    **_each(
        FURNITURE, "furniture makers do not buy or supply knitwear", but=("demo:zitcomfort-mandel",)
    ),
    "demo:houtwijs": "wood and furniture knowledge centre, not textiles",
    "demo:ovv": "food and packaging research centre, not textiles",
    "demo:kaft-en-co": "bookbinding has nothing to do with knitwear",
    "demo:labelwerk-noord": "self-adhesive labels for food and cosmetics, not garment labels",
}

PLAUSIBLE["demo:noorderlinnen"] = {
    "demo:vezel": "textile knowledge centre: linen testing, traceability, circular textiles",
    "demo:univ-leieland": "textile lab on the Kortrijk campus, next door",
    "demo:hogeschool-maas-demer": "fashion design students",
    "demo:lindenhof": "confection atelier for small series: subcontracting both ways",
    "demo:kleedij-merel": "label producing at Flemish partners: a customer for linen confection",
    "demo:de-spoel": "knitwear to complete a linen collection",
}
IMPLAUSIBLE["demo:noorderlinnen"] = {
    **_each(FOOD, "food processors neither supply a linen house nor buy from it"),
    **_each(METAL, "metalworking has no flow to or from linen garments"),
    **_each(
        FURNITURE,
        "furniture makers share no inputs with a linen house",
        but=("demo:zitcomfort-mandel",),
    ),
    "demo:houtwijs": "wood and furniture knowledge centre, not textiles",
    "demo:ovv": "food and packaging research centre, not textiles",
    "demo:kaft-en-co": "bookbinding has nothing to do with linen garments",
}

PLAUSIBLE["demo:kleedij-merel"] = {
    "demo:lindenhof": "Flemish confection atelier for small series: where the label produces",
    "demo:de-spoel": "contract knitting for young brands: where the label produces knitwear",
    "demo:noorderlinnen": "confects for other brands: where the label produces",
    "demo:vezel": "textile knowledge centre: recycling and circular collections",
    "demo:univ-leieland": "textile lab in Ghent, the label's own city",
    "demo:hogeschool-maas-demer": "fashion design students: growing-with-the-child designs",
}
IMPLAUSIBLE["demo:kleedij-merel"] = {
    **_each(FOOD, "food processors neither supply a children's-wear label nor buy from it"),
    **_each(METAL, "metalworking has no flow to or from children's clothing"),
    **_each(FURNITURE, "furniture makers share no inputs or customers with a clothing label"),
    "demo:houtwijs": "wood and furniture knowledge centre, not textiles",
    "demo:ovv": "food and packaging research centre, not textiles",
    "demo:kaft-en-co": "bookbinding has nothing to do with children's clothing",
}

PLAUSIBLE["demo:signaalwerk"] = {
    "demo:vezel": "accredited tests for EN ISO 20471 and fire behaviour: its standards",
    "demo:univ-leieland": "smart-textile lab, partner in its sensor-garment project",
    "demo:hogeschool-maas-demer": "electronics-ICT and IoT lab for sensor garments",
    "demo:hoogveld-staalbouw": "welders wear EN 11612 flame-retardant clothing: a customer",
    "demo:kempen-drive": "a 780-person plant with heat treatment buys workwear: a customer",
    "demo:westhoek-plaatwerk": "welding and laser-cutting shop floor: a workwear customer",
}
IMPLAUSIBLE["demo:signaalwerk"] = {
    **_each(
        FOOD,
        "food plants wear hygiene clothing, not hi-vis or flame-retardant workwear",
        but=("demo:noordzee-voeding",),
    ),
    **_each(
        FURNITURE,
        "furniture makers neither supply workwear makers nor need hi-vis",
        but=("demo:zitcomfort-mandel",),
    ),
    "demo:dijlemech": "precision machining: neither a workwear input nor a hi-vis customer",
    "demo:rupel-coating": "powder coating: neither a workwear input nor a hi-vis customer",
    "demo:houtwijs": "wood and furniture knowledge centre, not textiles",
    "demo:ovv": "food and packaging research centre, not textiles",
    "demo:kaft-en-co": "bookbinding has nothing to do with workwear",
}

# --- food ----------------------------------------------------------------------------------

_METAL_FOR_FOOD = "steel, machining, coating and gearbox firms neither supply nor buy food"
_FURNITURE_FOR_FOOD = "furniture makers neither supply a food producer nor buy food"
_CLOTHING_FOR_FOOD = "garment makers neither supply a food producer nor buy food"

PLAUSIBLE["demo:goudkorst"] = {
    "demo:hogeschool-noordzee": "test bakery and oven energy monitoring: exactly its question",
    "demo:hogeschool-maas-demer": "IoT lab in Hasselt measuring temperature and consumption",
    "demo:univ-dijleveld": "food technology group and AI for planning night shifts",
    "demo:ovv": "food research centre: shelf life and process hygiene",
    "demo:kempenmelk": "dairy (cream, quark) is a bakery input; partners in an energy project",
    "demo:golfkarton-maasland": "Limburg box maker: cake and pastry boxes",
    "demo:labelwerk-noord": "labels for pre-packed bread and pastry",
    "demo:scheldeland-machinebouw": "builds dosing and cutting machines for food producers",
}
IMPLAUSIBLE["demo:goudkorst"] = {
    **_each(METAL, _METAL_FOR_FOOD, but=("demo:scheldeland-machinebouw",)),
    **_each(CLOTHING, _CLOTHING_FOR_FOOD),
    **_each(FURNITURE, _FURNITURE_FOR_FOOD, but=("demo:meetjesland-interieur",)),
    "demo:vezel": "textile knowledge centre, not food",
    "demo:houtwijs": "wood and furniture knowledge centre, not food",
    "demo:kaft-en-co": "bookbinding has nothing to do with bread",
}

PLAUSIBLE["demo:polderversch"] = {
    "demo:ovv": "food research centre: shelf life, hygiene, side streams (joint project)",
    "demo:univ-dijleveld": "food technology group (joint side-stream project)",
    "demo:hogeschool-noordzee": "food technology in West Flanders",
    "demo:noordzee-voeding": "ready-meal maker: buys cut vegetables and soups",
    "demo:scheldeland-machinebouw": "builds hygienic dosing, filling and cutting machines",
    "demo:golfkarton-maasland": "boxes for shipping to supermarkets",
    "demo:labelwerk-noord": "labels for soups and vegetable packs",
    "demo:demerdal": "vegetarian alternatives need vegetables: a customer",
}
IMPLAUSIBLE["demo:polderversch"] = {
    **_each(
        METAL, _METAL_FOR_FOOD, but=("demo:scheldeland-machinebouw", "demo:westhoek-plaatwerk")
    ),
    **_each(CLOTHING, _CLOTHING_FOR_FOOD),
    **_each(FURNITURE, _FURNITURE_FOR_FOOD),
    "demo:vezel": "textile knowledge centre, not food",
    "demo:houtwijs": "wood and furniture knowledge centre, not food",
    "demo:kaft-en-co": "bookbinding has nothing to do with vegetables",
}

PLAUSIBLE["demo:noordster"] = {
    "demo:hogeschool-noordzee": "food technology in Bruges, the chocolatier's own city",
    "demo:univ-dijleveld": "food technology group",
    "demo:ovv": "shelf life and packaging of pralines",
    "demo:labelwerk-noord": "labels with QR codes and lot numbers: cacao origin for customers",
    "demo:golfkarton-maasland": "shipping boxes and displays for the webshop",
    "demo:inktvis": "packaging design for brands",
    "demo:de-zwaluw": "prints packaging: praline boxes",
    "demo:kempenmelk": "cream and butter for ganache",
}
IMPLAUSIBLE["demo:noordster"] = {
    **_each(METAL, _METAL_FOR_FOOD, but=("demo:scheldeland-machinebouw",)),
    **_each(CLOTHING, _CLOTHING_FOR_FOOD),
    **_each(FURNITURE, _FURNITURE_FOR_FOOD),
    "demo:vezel": "textile knowledge centre, not food",
    "demo:houtwijs": "wood and furniture knowledge centre, not food",
    "demo:kaft-en-co": "bookbinding has nothing to do with chocolate",
}

PLAUSIBLE["demo:kempenmelk"] = {
    "demo:ovv": "shelf life and packaging of yoghurt and ice cream",
    "demo:univ-dijleveld": "food technology group",
    "demo:hogeschool-noordzee": "food technology and energy monitoring (joint project)",
    "demo:hogeschool-maas-demer": "IoT sensors for cold rooms and ice vending machines",
    "demo:goudkorst": "bakery: a customer for cream and quark (joint energy project)",
    "demo:labelwerk-noord": "labels for yoghurt pots and ice tubs",
    "demo:golfkarton-maasland": "boxes for deliveries to specialist shops",
    "demo:scheldeland-machinebouw": "builds filling and dosing machines for dairy",
}
IMPLAUSIBLE["demo:kempenmelk"] = {
    **_each(METAL, _METAL_FOR_FOOD, but=("demo:scheldeland-machinebouw",)),
    **_each(CLOTHING, _CLOTHING_FOR_FOOD),
    **_each(FURNITURE, _FURNITURE_FOR_FOOD),
    "demo:vezel": "textile knowledge centre, not food",
    "demo:houtwijs": "wood and furniture knowledge centre, not food",
    "demo:kaft-en-co": "bookbinding has nothing to do with dairy",
}

PLAUSIBLE["demo:demerdal"] = {
    "demo:ovv": "shelf life, less plastic packaging: exactly its questions",
    "demo:univ-dijleveld": "food technology in Leuven, its own region: salt reduction",
    "demo:noordzee-voeding": "food group: buys meat products, runs packaging innovation with SMEs",
    "demo:scheldeland-machinebouw": "builds slicing and dosing machines for food producers",
    "demo:golfkarton-maasland": "cardboard instead of plastic packaging",
    "demo:labelwerk-noord": "labels for meat packs",
    "demo:polderversch": "vegetables for its vegetarian alternatives: a supplier",
}
IMPLAUSIBLE["demo:demerdal"] = {
    **_each(METAL, _METAL_FOR_FOOD, but=("demo:scheldeland-machinebouw",)),
    **_each(CLOTHING, _CLOTHING_FOR_FOOD),
    **_each(FURNITURE, _FURNITURE_FOR_FOOD),
    "demo:vezel": "textile knowledge centre, not food",
    "demo:houtwijs": "wood and furniture knowledge centre, not food",
    "demo:kaft-en-co": "bookbinding has nothing to do with meat products",
}

PLAUSIBLE["demo:noordzee-voeding"] = {
    "demo:ovv": "food and packaging research centre (joint side-stream project)",
    "demo:univ-dijleveld": "food technology group (joint side-stream project)",
    "demo:hogeschool-noordzee": "food technology and automation in Ostend, its home town",
    "demo:polderversch": "vegetable supplier for ready meals (joint side-stream project)",
    "demo:scheldeland-machinebouw": "builds hygienic food machines: automation supplier",
    "demo:golfkarton-maasland": "boxes and displays for retail",
    "demo:labelwerk-noord": "labels for ready meals and sauces",
    "demo:demerdal": "supplier of meat products for ready meals",
    "demo:isp": "robotics and vision for the automation its open-innovation team seeks",
}
IMPLAUSIBLE["demo:noordzee-voeding"] = {
    **_each(METAL, _METAL_FOR_FOOD, but=("demo:scheldeland-machinebouw",)),
    **_each(CLOTHING, _CLOTHING_FOR_FOOD),
    **_each(FURNITURE, _FURNITURE_FOR_FOOD),
    "demo:vezel": "textile knowledge centre, not food",
    "demo:houtwijs": "wood and furniture knowledge centre, not food",
    "demo:kaft-en-co": "bookbinding has nothing to do with ready meals",
}

# --- furniture -----------------------------------------------------------------------------

_FOOD_FOR_FURNITURE = "food producers neither supply a furniture maker nor buy its furniture"
_CLOTHING_FOR_FURNITURE = "garment makers share no inputs or customers with a furniture maker"

PLAUSIBLE["demo:leiehout"] = {
    "demo:houtwijs": "wood and furniture knowledge centre in Tielt (joint cobot project)",
    "demo:isp": "flexible production and cobots (joint cobot project)",
    "demo:univ-leieland": "production technology and robotics",
    "demo:univ-dijleveld": "industrial design and bio-based materials",
    "demo:hogeschool-maas-demer": "interior design and VR showrooms for an online configurator",
    "demo:meetjesland-interieur": "interior builder: Leiehout does CNC subcontracting for them",
    "demo:brabo-keukens": "custom cabinet maker: CNC subcontracting both ways",
}
IMPLAUSIBLE["demo:leiehout"] = {
    **_each(FOOD, _FOOD_FOR_FURNITURE),
    **_each(CLOTHING, _CLOTHING_FOR_FURNITURE),
    **_each(
        METAL,
        "solid-wood furniture uses no steel structures, machined parts or gears",
        but=("demo:rupel-coating",),
    ),
    "demo:ovv": "food and packaging research centre, not wood",
    "demo:vezel": "textile knowledge centre, not wood",
    "demo:kaft-en-co": "bookbinding has nothing to do with furniture",
    "demo:labelwerk-noord": "food and cosmetics labels, not a furniture input",
}

PLAUSIBLE["demo:zitcomfort-mandel"] = {
    "demo:houtwijs": "furniture knowledge centre: ergonomics, testing (joint cobot project)",
    "demo:isp": "cobots for upholstery work (joint cobot project)",
    "demo:univ-leieland": "production technology and robotics for upholstery",
    "demo:univ-dijleveld": "industrial design and materials for seating",
    "demo:hogeschool-maas-demer": "interior design students",
    "demo:vezel": "upholstery fabric testing: fire behaviour, colour fastness",
    "demo:westhoek-plaatwerk": "sheet-metal and welded frames and mechanisms for relax chairs",
}
IMPLAUSIBLE["demo:zitcomfort-mandel"] = {
    **_each(FOOD, _FOOD_FOR_FURNITURE),
    "demo:hoogveld-staalbouw": "builds halls and platforms, not seat frames",
    "demo:dijlemech": "precision-machined parts are not what a sofa needs",
    "demo:scheldeland-machinebouw": "food machines, nothing for seating",
    "demo:kempen-drive": "industrial gearboxes, not recliner actuators",
    "demo:ovv": "food and packaging research centre, not furniture",
    "demo:kaft-en-co": "bookbinding has nothing to do with seating",
    "demo:labelwerk-noord": "food and cosmetics labels, not a furniture input",
    "demo:kleedij-merel": "children's clothing label, nothing to do with seating",
}

PLAUSIBLE["demo:brabo-keukens"] = {
    "demo:houtwijs": "digitalising the workshop from drawing to CNC (joint cobot project)",
    "demo:isp": "flexible production and cobots (joint cobot project)",
    "demo:hogeschool-maas-demer": "XR lab for VR showrooms: it already uses VR in its showroom",
    "demo:univ-leieland": "production technology: drawings straight to machines",
    "demo:leiehout": "solid-wood maker with a 5-axis CNC: subcontracting fronts and tops",
    "demo:meetjesland-interieur": "interior builder: fitted cupboards next to kitchens",
}
IMPLAUSIBLE["demo:brabo-keukens"] = {
    **_each(FOOD, _FOOD_FOR_FURNITURE),
    **_each(CLOTHING, _CLOTHING_FOR_FURNITURE),
    "demo:hoogveld-staalbouw": "steel structures, nothing for kitchens",
    "demo:dijlemech": "precision machining, nothing for kitchens",
    "demo:scheldeland-machinebouw": "food machines, nothing for kitchens",
    "demo:kempen-drive": "industrial gearboxes, nothing for kitchens",
    "demo:ovv": "food and packaging research centre, not furniture",
    "demo:vezel": "textile knowledge centre, not kitchens",
    "demo:kaft-en-co": "bookbinding has nothing to do with kitchens",
    "demo:labelwerk-noord": "food and cosmetics labels, not a kitchen input",
}

PLAUSIBLE["demo:kwadraat"] = {
    "demo:houtwijs": "furniture knowledge centre: circular design (joint DPP project)",
    "demo:univ-dijleveld": "bio-composites to replace chipboard (joint DPP project)",
    "demo:rupel-coating": "powder coating of steel furniture (joint DPP project)",
    "demo:westhoek-plaatwerk": "sheet-metal subcontracting: laser cutting, bending",
    "demo:isp": "flexible production and digital twins",
    "demo:univ-leieland": "production technology and robotics",
    "demo:hogeschool-maas-demer": "interior design students for office layouts",
}
IMPLAUSIBLE["demo:kwadraat"] = {
    **_each(FOOD, _FOOD_FOR_FURNITURE),
    **_each(CLOTHING, _CLOTHING_FOR_FURNITURE),
    "demo:kempen-drive": "industrial gearboxes, nothing for office furniture",
    "demo:scheldeland-machinebouw": "food machines, nothing for office furniture",
    "demo:ovv": "food and packaging research centre, not furniture",
    "demo:kaft-en-co": "bookbinding has nothing to do with office furniture",
    "demo:labelwerk-noord": "food and cosmetics labels, not an office-furniture input",
}

PLAUSIBLE["demo:meetjesland-interieur"] = {
    "demo:houtwijs": "furniture knowledge centre with a 3D scanner: its question",
    "demo:univ-leieland": "3D scanning in its robot lab, in nearby Ghent",
    "demo:hogeschool-maas-demer": "interior design and XR for showing rooms in 3D",
    "demo:leiehout": "offers CNC subcontracting to interior builders",
    "demo:brabo-keukens": "kitchen maker: fitted cupboards and kitchens go together",
}
IMPLAUSIBLE["demo:meetjesland-interieur"] = {
    **_each(FOOD, _FOOD_FOR_FURNITURE, but=("demo:goudkorst",)),
    **_each(CLOTHING, _CLOTHING_FOR_FURNITURE),
    "demo:dijlemech": "precision machining, nothing for interior fittings",
    "demo:scheldeland-machinebouw": "food machines, nothing for interior fittings",
    "demo:kempen-drive": "industrial gearboxes, nothing for interior fittings",
    "demo:ovv": "food and packaging research centre, not interiors",
    "demo:vezel": "textile knowledge centre, not interiors",
    "demo:kaft-en-co": "bookbinding has nothing to do with interiors",
    "demo:labelwerk-noord": "food and cosmetics labels, not an interior input",
}

# --- metal ---------------------------------------------------------------------------------

_FOOD_FOR_METAL = "food producers neither supply a metal shop nor buy its parts"
_CLOTHING_FOR_METAL = "garment makers neither supply a metal shop nor buy its parts"
_GRAPHIC_FOR_METAL = "printers and packaging firms have no flow to or from a metal shop"

PLAUSIBLE["demo:hoogveld-staalbouw"] = {
    "demo:univ-leieland": "robot welding lab (joint welding-robot project)",
    "demo:isp": "robotics for small series (joint welding-robot project)",
    "demo:univ-dijleveld": "materials engineering: welds and steel",
    "demo:kempen-drive": "sources welded parts and runs its supplier programme (joint project)",
    "demo:rupel-coating": "coats steel parts: the next step after welding",
    "demo:westhoek-plaatwerk": "laser-cut and bent parts; peer in the welding-robot project",
    "demo:dijlemech": "machined parts for machine bases and platforms",
}
IMPLAUSIBLE["demo:hoogveld-staalbouw"] = {
    **_each(FOOD, _FOOD_FOR_METAL),
    **_each(CLOTHING, _CLOTHING_FOR_METAL, but=("demo:signaalwerk",)),
    **_each(GRAPHIC, _GRAPHIC_FOR_METAL),
    **_each(
        FURNITURE,
        "wood furniture makers neither supply steel structures nor buy them",
        but=("demo:kwadraat",),
    ),
    "demo:ovv": "food and packaging research centre, not metal",
    "demo:vezel": "textile knowledge centre, not metal",
    "demo:houtwijs": "wood and furniture knowledge centre, not metal",
}

PLAUSIBLE["demo:dijlemech"] = {
    "demo:kempen-drive": "buys machined parts (joint supplier-quality project)",
    "demo:scheldeland-machinebouw": "machine builder: buys precision parts",
    "demo:rupel-coating": "finishes machined parts (joint supplier-quality project)",
    "demo:westhoek-plaatwerk": "sheet metal next to machining: one supplier package",
    "demo:hoogveld-staalbouw": "welded frames that need machined interfaces",
    "demo:univ-dijleveld": "materials engineering in Leuven, its own region",
    "demo:isp": "robot loading and AI for quality (its cell already has a robot)",
    "demo:univ-leieland": "production technology and robotics",
}
IMPLAUSIBLE["demo:dijlemech"] = {
    **_each(FOOD, _FOOD_FOR_METAL),
    **_each(CLOTHING, _CLOTHING_FOR_METAL),
    **_each(GRAPHIC, _GRAPHIC_FOR_METAL),
    **_each(
        FURNITURE,
        "furniture makers have no use for precision-machined parts",
        but=("demo:kwadraat",),
    ),
    "demo:ovv": "food and packaging research centre, not machining",
    "demo:vezel": "textile knowledge centre, not machining",
    "demo:houtwijs": "wood and furniture knowledge centre, not machining",
}

PLAUSIBLE["demo:westhoek-plaatwerk"] = {
    "demo:scheldeland-machinebouw": "machine builder: its stated customer group",
    "demo:kempen-drive": "sources welded parts from regional suppliers",
    "demo:rupel-coating": "coats sheet-metal parts",
    "demo:hoogveld-staalbouw": "steel builder (joint welding-robot project)",
    "demo:dijlemech": "machining next to sheet metal: one supplier package",
    "demo:kwadraat": "steel office furniture: buys punched and bent sheet",
    "demo:univ-leieland": "robot welding lab (joint welding-robot project)",
    "demo:isp": "robotics and vision (joint welding-robot project)",
}
IMPLAUSIBLE["demo:westhoek-plaatwerk"] = {
    **_each(FOOD, _FOOD_FOR_METAL),
    **_each(CLOTHING, _CLOTHING_FOR_METAL, but=("demo:signaalwerk",)),
    **_each(GRAPHIC, _GRAPHIC_FOR_METAL),
    "demo:leiehout": "solid-wood furniture, no sheet metal",
    "demo:brabo-keukens": "wooden kitchens, no sheet metal",
    "demo:meetjesland-interieur": "wooden interiors, no sheet metal",
    "demo:ovv": "food and packaging research centre, not metal",
    "demo:vezel": "textile knowledge centre, not metal",
    "demo:houtwijs": "wood and furniture knowledge centre, not metal",
}

PLAUSIBLE["demo:scheldeland-machinebouw"] = {
    "demo:polderversch": "vegetable processor: buys dosing, filling and cutting machines",
    "demo:noordzee-voeding": "food group: buys food machines and automation",
    "demo:demerdal": "meat processor: buys slicing and dosing machines",
    "demo:kempenmelk": "dairy: buys filling and dosing machines",
    "demo:goudkorst": "bakery: buys dough dosing and cutting machines",
    "demo:ovv": "hygienic design audits of food machines",
    "demo:dijlemech": "supplier of precision-machined parts",
    "demo:westhoek-plaatwerk": "supplier of laser-cut and bent stainless parts",
    "demo:kempen-drive": "supplier of drive systems to machine builders",
    "demo:isp": "robotics and vision for its machines",
    "demo:univ-dijleveld": "food technology and AI for remote maintenance",
    "demo:hogeschool-noordzee": "electromechanics and food technology",
    "demo:univ-leieland": "robotics and machine vision",
}
IMPLAUSIBLE["demo:scheldeland-machinebouw"] = {
    **_each(CLOTHING, _CLOTHING_FOR_METAL),
    **_each(FURNITURE, "furniture makers neither supply food machines nor buy them"),
    **_each(GRAPHIC, _GRAPHIC_FOR_METAL),
    "demo:vezel": "textile knowledge centre, not machines",
    "demo:houtwijs": "wood and furniture knowledge centre, not machines",
}

PLAUSIBLE["demo:rupel-coating"] = {
    "demo:hoogveld-staalbouw": "steel builder: its parts need coating",
    "demo:westhoek-plaatwerk": "sheet-metal parts need coating",
    "demo:kwadraat": "steel office furniture (joint DPP project)",
    "demo:kempen-drive": "coating supplier in its supplier programme (joint project)",
    "demo:dijlemech": "machined parts to finish (joint supplier-quality project)",
    "demo:isp": "AI for planning: smarter oven scheduling is its question",
    "demo:univ-dijleveld": "materials engineering: coatings",
}
IMPLAUSIBLE["demo:rupel-coating"] = {
    **_each(FOOD, _FOOD_FOR_METAL),
    **_each(CLOTHING, _CLOTHING_FOR_METAL),
    **_each(GRAPHIC, _GRAPHIC_FOR_METAL),
    "demo:meetjesland-interieur": "wooden interiors, nothing to coat",
    "demo:ovv": "food and packaging research centre, not coatings",
    "demo:vezel": "textile knowledge centre, not coatings",
}

PLAUSIBLE["demo:kempen-drive"] = {
    "demo:dijlemech": "machining supplier (joint supplier-quality project)",
    "demo:hoogveld-staalbouw": "welding supplier (joint supplier-quality project)",
    "demo:rupel-coating": "coating supplier (joint supplier-quality project)",
    "demo:westhoek-plaatwerk": "supplier of welded and cut parts",
    "demo:scheldeland-machinebouw": "machine builder: a customer for gearboxes",
    "demo:univ-dijleveld": "materials engineering: gears and heat treatment",
    "demo:univ-leieland": "production technology and robotics",
    "demo:isp": "AI for quality and digital twins",
    "demo:hogeschool-maas-demer": "IoT and ICT students in Genk, its own town",
}
IMPLAUSIBLE["demo:kempen-drive"] = {
    **_each(FOOD, _FOOD_FOR_METAL),
    **_each(CLOTHING, _CLOTHING_FOR_METAL, but=("demo:signaalwerk",)),
    **_each(GRAPHIC, _GRAPHIC_FOR_METAL),
    **_each(FURNITURE, "furniture makers neither supply gearboxes nor buy them"),
    "demo:ovv": "food and packaging research centre, not drives",
    "demo:vezel": "textile knowledge centre, not drives",
    "demo:houtwijs": "wood and furniture knowledge centre, not drives",
}

# --- graphic -------------------------------------------------------------------------------

_METAL_FOR_GRAPHIC = "metal shops neither supply a printer nor buy print work"

PLAUSIBLE["demo:de-zwaluw"] = {
    "demo:kaft-en-co": "bookbinding of its books: the next step after printing",
    "demo:inktvis": "prepress and proofs for the files it prints",
    "demo:hogeschool-noordzee": "graphic and digital media: web-to-print students",
    "demo:isp": "AI for production planning: its webshop-to-planning question",
    "demo:univ-leieland": "digital transformation of SMEs, in Ghent",
}
IMPLAUSIBLE["demo:de-zwaluw"] = {
    **_each(METAL, _METAL_FOR_GRAPHIC),
    "demo:polderversch": "vegetable packs need labels and trays, not offset print",
    "demo:demerdal": "meat packs need labels and film, not offset print",
    "demo:ovv": "food and packaging research centre, not commercial print",
    "demo:vezel": "textile knowledge centre, not print",
    "demo:houtwijs": "wood and furniture knowledge centre, not print",
}

PLAUSIBLE["demo:labelwerk-noord"] = {
    "demo:goudkorst": "bakery: labels for pre-packed goods",
    "demo:polderversch": "vegetable processor: labels for soups and packs",
    "demo:noordster": "chocolatier: labels for tablets and boxes",
    "demo:kempenmelk": "dairy: labels for pots and tubs",
    "demo:demerdal": "meat processor: labels for packs",
    "demo:noordzee-voeding": "food group: labels for ready meals and sauces",
    "demo:inktvis": "prepress and colour management (joint colour-control project)",
    "demo:isp": "vision and colour control (joint colour-control project)",
    "demo:hogeschool-noordzee": "graphic and digital media",
    "demo:ovv": "packaging recyclability: labels on food packs",
}
IMPLAUSIBLE["demo:labelwerk-noord"] = {
    **_each(METAL, _METAL_FOR_GRAPHIC),
    **_each(FURNITURE, "furniture makers do not buy self-adhesive product labels"),
    **_each(
        CLOTHING,
        "garments carry sewn-in labels, not self-adhesive ones",
        but=("demo:kleedij-merel",),
    ),
    "demo:vezel": "textile knowledge centre, not labels",
    "demo:houtwijs": "wood and furniture knowledge centre, not labels",
    "demo:kaft-en-co": "bookbinding has nothing to do with labels",
}

PLAUSIBLE["demo:inktvis"] = {
    "demo:de-zwaluw": "printer: buys prepress and proofs",
    "demo:labelwerk-noord": "label printer (joint colour-control project)",
    "demo:golfkarton-maasland": "packaging printer: buys packaging design and prepress",
    "demo:noordster": "brand: buys packaging design",
    "demo:hogeschool-noordzee": "graphic and digital media",
    "demo:univ-dijleveld": "AI in Leuven, its own town: automated preflight",
    "demo:isp": "AI and workflow automation (joint colour-control project)",
}
IMPLAUSIBLE["demo:inktvis"] = {
    **_each(METAL, _METAL_FOR_GRAPHIC),
    **_each(FURNITURE, "furniture makers neither supply prepress nor buy it"),
    "demo:lindenhof": "coat atelier selling to boutiques: no packaging or publishing",
    "demo:de-spoel": "knitting atelier: no packaging or publishing",
    "demo:noorderlinnen": "linen house: no prepress needs worth a partnership",
    "demo:signaalwerk": "workwear maker: no packaging or publishing",
    "demo:vezel": "textile knowledge centre, not print",
    "demo:houtwijs": "wood and furniture knowledge centre, not print",
}

PLAUSIBLE["demo:kaft-en-co"] = {
    "demo:de-zwaluw": "printer of books: the binder's customer",
    "demo:inktvis": "prepress for publishers: same print-on-demand chain",
    "demo:isp": "automation for a run of one",
    "demo:univ-leieland": "robotics for automated binding",
    "demo:hogeschool-noordzee": "graphic media and small-scale automation",
}
IMPLAUSIBLE["demo:kaft-en-co"] = {
    **_each(METAL, _METAL_FOR_GRAPHIC),
    **_each(FOOD, "food producers neither supply a bookbinder nor buy books"),
    **_each(CLOTHING, "garment makers neither supply a bookbinder nor buy books"),
    **_each(FURNITURE, "furniture makers neither supply a bookbinder nor buy books"),
    "demo:ovv": "food and packaging research centre, not books",
    "demo:vezel": "textile knowledge centre, not books",
    "demo:houtwijs": "wood and furniture knowledge centre, not books",
}

PLAUSIBLE["demo:golfkarton-maasland"] = {
    "demo:polderversch": "food processor: ships in boxes",
    "demo:noordzee-voeding": "food group: boxes and displays for retail",
    "demo:demerdal": "meat processor: cardboard instead of plastic",
    "demo:kempenmelk": "dairy: boxes for deliveries",
    "demo:noordster": "chocolatier: webshop shipping boxes",
    "demo:goudkorst": "bakery: pastry boxes",
    "demo:ovv": "packaging research: recyclability, less plastic",
    "demo:univ-dijleveld": "bio-based packaging materials",
    "demo:inktvis": "packaging design and prepress",
}
IMPLAUSIBLE["demo:golfkarton-maasland"] = {
    **_each(METAL, "metal shops neither supply a box maker nor buy its displays"),
    "demo:lindenhof": "coat atelier: no packaging partnership",
    "demo:de-spoel": "knitting atelier: no packaging partnership",
    "demo:noorderlinnen": "linen house: no packaging partnership worth suggesting",
    "demo:signaalwerk": "workwear maker: no packaging partnership",
    "demo:vezel": "textile knowledge centre, not packaging",
    "demo:houtwijs": "wood and furniture knowledge centre, not packaging",
    "demo:kaft-en-co": "bookbinding has nothing to do with boxes",
}
