#!/usr/bin/env python3
"""Writes examples/catalog/catalog.json: the demo catalog of "Northwind Journal", a fictional outdoor and
lifestyle publisher. Run once; the output is committed. Deterministic (fixed seed, fixed dates).

    python3 scripts/make-demo-catalog.py [--out examples/catalog/catalog.json]

The metrics and the report key are not in the catalog: they are in the measurement plan,
examples/catalog/plan.json (written by hand), which scripts/sign-demo-catalog.sh builds and signs.
"""
import argparse
import json
import math
import random
import re
from datetime import datetime, timezone

SEED = 20260601
DAY_MS = 86_400_000
# The demo's "today": scripts/demo.sh runs tacit-host with --now at 09:00 UTC on this day.
DEMO_DAY = datetime(2026, 6, 1, tzinfo=timezone.utc)
DEMO_MS = int(DEMO_DAY.timestamp() * 1000)
ISSUED_MS = int(datetime(2026, 5, 1, tzinfo=timezone.utc).timestamp() * 1000)
EXPIRES_MS = int(datetime(2031, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
DIM = 16

# (id, label, parent, sensitivity)
TOPICS = [
    ("outdoors", "the outdoors", None, None),
    ("hiking", "hiking", "outdoors", None),
    ("trail-running", "trail running", "outdoors", None),
    ("climbing", "climbing", "outdoors", None),
    ("cycling", "cycling", "outdoors", None),
    ("camping", "camping", "outdoors", None),
    ("paddling", "paddling", "outdoors", None),
    ("wildlife", "wildlife", "outdoors", None),
    ("food-drink", "food and drink", None, None),
    ("cooking", "cooking", "food-drink", None),
    ("baking", "baking", "food-drink", None),
    ("coffee", "coffee", "food-drink", None),
    ("foraging", "foraging", "food-drink", None),
    ("culture", "culture", None, None),
    ("jazz", "jazz", "culture", None),
    ("folk-music", "folk music", "culture", None),
    ("books", "books", "culture", None),
    ("photography", "photography", "culture", None),
    ("faith", "faith and spirituality", "culture", "religion"),
    ("lifestyle", "lifestyle", None, None),
    ("travel", "travel", "lifestyle", None),
    ("gardening", "gardening", "lifestyle", None),
    ("woodworking", "woodworking", "lifestyle", None),
    ("van-life", "van life", "lifestyle", None),
    ("wellbeing", "wellbeing", None, None),
    ("yoga", "yoga", "wellbeing", None),
    ("mental-health", "mental health", "wellbeing", "health"),
    ("community", "community", None, None),
    ("local-politics", "local politics", "community", "politics"),
    ("volunteering", "volunteering", "community", None),
    ("local-events", "local events", "community", None),
]

# German labels (Topic.labels), for reasons in a "de" locale.
LABELS_DE = {
    "outdoors": "Natur und Draußen", "hiking": "Wandern", "trail-running": "Trailrunning", "climbing": "Klettern",
    "cycling": "Radfahren", "camping": "Camping", "paddling": "Paddeln", "wildlife": "Tierwelt",
    "food-drink": "Essen und Trinken", "cooking": "Kochen", "baking": "Backen", "coffee": "Kaffee",
    "foraging": "Sammeln in der Natur", "culture": "Kultur", "jazz": "Jazz", "folk-music": "Folkmusik",
    "books": "Bücher", "photography": "Fotografie", "faith": "Glaube und Spiritualität", "lifestyle": "Lebensart",
    "travel": "Reisen", "gardening": "Gärtnern", "woodworking": "Holzarbeiten", "van-life": "Vanlife",
    "wellbeing": "Wohlbefinden", "yoga": "Yoga", "mental-health": "psychische Gesundheit",
    "community": "Gemeinschaft", "local-politics": "Lokalpolitik", "volunteering": "Ehrenamt",
    "local-events": "Veranstaltungen vor Ort",
}

# Items that are not articles (Item.kind; the rest are "article"): playlists and short videos.
KINDS = {
    "Late-night jazz for a long drive": "audio",
    "Piano trios for a rainy afternoon": "audio",
    "Sea shanties, then and now": "audio",
    "Songs of the Northumbrian pipes": "audio",
    "How to read a contour map in five minutes": "video",
    "Fix a puncture at the roadside in four minutes": "video",
}

# Related topics an item of a topic may also carry.
RELATED = {
    "hiking": ["camping", "wildlife", "photography", "travel"],
    "trail-running": ["hiking", "yoga"],
    "climbing": ["hiking", "travel"],
    "cycling": ["travel", "camping", "coffee"],
    "camping": ["hiking", "cooking", "van-life"],
    "paddling": ["camping", "wildlife"],
    "wildlife": ["photography", "hiking"],
    "cooking": ["foraging", "baking", "camping"],
    "baking": ["cooking", "coffee"],
    "coffee": ["baking", "travel"],
    "foraging": ["cooking", "hiking"],
    "jazz": ["books", "travel"],
    "folk-music": ["local-events", "travel"],
    "books": ["travel", "hiking"],
    "photography": ["travel", "wildlife"],
    "faith": ["books"],
    "travel": ["photography", "cycling", "coffee"],
    "gardening": ["cooking", "woodworking"],
    "woodworking": ["gardening", "van-life"],
    "van-life": ["travel", "camping"],
    "yoga": ["trail-running"],
    "mental-health": ["hiking", "yoga"],
    "local-politics": ["community"],
    "volunteering": ["gardening", "local-events"],
    "local-events": ["folk-music", "volunteering"],
}

# (topic, title, campaign or None). Hand-written.
ITEMS = [
    ("hiking", "Ten huts in the Alps worth the climb", None),
    ("hiking", "The Pennine Way in twelve honest days", None),
    ("hiking", "How to read a contour map in five minutes", None),
    ("hiking", "Trail boots, tested over 500 km", "summer-gear-sale"),
    ("hiking", "Hiking poles: what they really do for your knees", "summer-gear-sale"),
    ("hiking", "A winter traverse of the Cairngorms plateau", None),
    ("hiking", "Five ridge walks for a long summer evening", None),
    ("hiking", "Navigating in fog without panic", None),
    ("hiking", "The quiet valleys of the Picos de Europa", None),
    ("trail-running", "Your first ultra: a 16-week plan", None),
    ("trail-running", "Downhill running without wrecking your quads", None),
    ("trail-running", "Trail shoes for mud, rock and everything between", "summer-gear-sale"),
    ("trail-running", "Sign up: the Northwind Trail Series 2026", "trail-series"),
    ("trail-running", "Fuel on the run: what to eat after hour three", None),
    ("trail-running", "Night running with a head torch", None),
    ("trail-running", "The fell runners who never check their watch", None),
    ("climbing", "Bouldering for absolute beginners", None),
    ("climbing", "Reading granite: a guide to slab climbing", None),
    ("climbing", "How to fall well (and why it matters)", None),
    ("climbing", "The sea cliffs of Pembroke at low tide", None),
    ("climbing", "Choosing your first rope and harness", "summer-gear-sale"),
    ("climbing", "Finger strength without injury", None),
    ("climbing", "A week of limestone in Kalymnos", None),
    ("cycling", "Gravel bikes explained in plain words", None),
    ("cycling", "Bikepacking the North Coast 500", None),
    ("cycling", "Fix a puncture at the roadside in four minutes", None),
    ("cycling", "The café stops that make a ride", None),
    ("cycling", "Riding in the rain and enjoying it", None),
    ("cycling", "Panniers versus frame bags, a season later", "summer-gear-sale"),
    ("cycling", "Climbing the Stelvio at sixty", None),
    ("cycling", "Commuting by bike through a northern winter", None),
    ("camping", "Wild camping rules, country by country", None),
    ("camping", "Pitching a tent in a gale", None),
    ("camping", "A lightweight sleep system under two kilos", "summer-gear-sale"),
    ("camping", "One-pot meals for a week in the hills", None),
    ("camping", "Camping with kids: what we learned the hard way", None),
    ("camping", "The best campsites by the sea", None),
    ("camping", "Leave no trace, really", None),
    ("paddling", "Sea kayaking around the Hebrides", None),
    ("paddling", "Packrafting for the curious", None),
    ("paddling", "Open canoe down the River Wye", None),
    ("paddling", "Reading tides before you launch", None),
    ("paddling", "Stand-up paddleboarding on mountain lakes", None),
    ("paddling", "Dry bags, buoyancy aids and what to skip", "summer-gear-sale"),
    ("wildlife", "Where to see puffins this June", None),
    ("wildlife", "Listening for the dawn chorus", None),
    ("wildlife", "Otters are back on our rivers", None),
    ("wildlife", "A beginner's guide to tracks and signs", None),
    ("wildlife", "The red kite's long return", None),
    ("wildlife", "Moths: the night shift of the garden", None),
    ("cooking", "Fire-cooked flatbreads on a camp stove", None),
    ("cooking", "A summer of tomatoes: twelve ways", None),
    ("cooking", "The perfect trail sandwich", None),
    ("cooking", "Slow-cooked beans for cold evenings", None),
    ("cooking", "Knife skills that save ten minutes a night", None),
    ("cooking", "Cooking with wild garlic", None),
    ("cooking", "A weeknight curry from the cupboard", None),
    ("cooking", "Smoked fish at home, without a smokehouse", None),
    ("baking", "Sourdough, explained without mysticism", None),
    ("baking", "Flapjacks that survive a rucksack", None),
    ("baking", "Cardamom buns, the Swedish way", None),
    ("baking", "Rye bread for beginners", None),
    ("baking", "Why your cake sinks (and the fix)", None),
    ("baking", "Oatcakes for the long walk", None),
    ("coffee", "Brewing great coffee at 2,000 metres", None),
    ("coffee", "Join the Northwind Coffee Club", "coffee-club"),
    ("coffee", "The roasters changing small-town mornings", None),
    ("coffee", "Espresso at home without the fuss", None),
    ("coffee", "Cold brew for hot trail days", None),
    ("coffee", "What 'single origin' really means", None),
    ("coffee", "Coffee Club tasting notes: June", "coffee-club"),
    ("coffee", "A field guide to hand grinders", None),
    ("foraging", "Foraging in spring: five safe starters", None),
    ("foraging", "Elderflower cordial from the hedgerow", None),
    ("foraging", "Mushrooms you must never pick", None),
    ("foraging", "Seaweed on the shoreline: a cook's guide", None),
    ("foraging", "Blackberry season and how to make it last", None),
    ("foraging", "The ethics of picking wild food", None),
    ("jazz", "Late-night jazz for a long drive", None),
    ("jazz", "The lost clubs of Soho", None),
    ("jazz", "Ten records to start a jazz collection", None),
    ("jazz", "How to listen to free jazz", None),
    ("jazz", "The summer's best jazz festivals", "festival-pass"),
    ("jazz", "Piano trios for a rainy afternoon", None),
    ("jazz", "A drummer's life on the road", None),
    ("folk-music", "Sea shanties, then and now", None),
    ("folk-music", "The fiddlers of Shetland", None),
    ("folk-music", "Folk clubs worth the journey", None),
    ("folk-music", "Learning the tin whistle at forty", None),
    ("folk-music", "Festival weekend: our folk line-up", "festival-pass"),
    ("folk-music", "Songs of the Northumbrian pipes", None),
    ("books", "Twelve books for a long train", None),
    ("books", "The best nature writing of the decade", None),
    ("books", "Crime novels set in the mountains", None),
    ("books", "A reading list for the first cold night", None),
    ("books", "Poetry for walkers", None),
    ("books", "Independent bookshops on the coast", None),
    ("books", "Our summer reading, staff picks", None),
    ("photography", "Landscape photography at blue hour", None),
    ("photography", "Shooting wildlife with a phone", None),
    ("photography", "Why your horizon is crooked", None),
    ("photography", "Film cameras are back: a starter kit", None),
    ("photography", "Composition rules worth breaking", None),
    ("photography", "Night skies over dark-sky parks", None),
    ("photography", "Editing without overdoing it", None),
    ("faith", "Pilgrim routes across Europe", None),
    ("faith", "Silence and retreat: a week at the abbey", None),
    ("faith", "Sacred places on the coastal path", None),
    ("faith", "Festivals of light around the world", None),
    ("travel", "Slow travel by train to the Dolomites", None),
    ("travel", "A long weekend in Bergen", None),
    ("travel", "Island hopping in the Azores", None),
    ("travel", "Travelling light: one bag for two weeks", None),
    ("travel", "The night trains are back", None),
    ("travel", "Where to go in the shoulder season", None),
    ("travel", "A walking holiday in the Basque Country", None),
    ("travel", "Ferry journeys that beat flying", None),
    ("gardening", "Growing vegetables on a balcony", None),
    ("gardening", "A wildlife pond in a weekend", None),
    ("gardening", "Composting that doesn't smell", None),
    ("gardening", "Seed swaps and how to start one", None),
    ("gardening", "Pruning fruit trees without fear", None),
    ("gardening", "Plants that thrive on neglect", None),
    ("gardening", "The no-dig garden, three years in", None),
    ("woodworking", "Carve your first spoon", None),
    ("woodworking", "Sharpening, the skill behind every other", None),
    ("woodworking", "Building a simple workbench", None),
    ("woodworking", "Green woodworking on a pole lathe", None),
    ("woodworking", "Finishing wood with oils and waxes", None),
    ("woodworking", "A bird box with the kids", None),
    ("van-life", "Converting a van on a budget", None),
    ("van-life", "Power on the road: solar, batteries, honesty", None),
    ("van-life", "Where you can park overnight", None),
    ("van-life", "Six months in a van: what we'd change", None),
    ("van-life", "Cooking in a van kitchen", None),
    ("yoga", "Yoga for hikers' hips", None),
    ("yoga", "Ten minutes of stretching after a run", None),
    ("yoga", "Breathing for altitude", None),
    ("yoga", "Morning yoga by the tent", None),
    ("yoga", "Balance poses for climbers", None),
    ("yoga", "Yin yoga for recovery days", None),
    ("mental-health", "Walking through a hard winter", None),
    ("mental-health", "Nature and anxiety: what the studies say", None),
    ("mental-health", "Talking about burnout on the trail", None),
    ("mental-health", "Cold water and low moods", None),
    ("local-politics", "The fight over the new bypass", None),
    ("local-politics", "Who decides where the wind farm goes?", None),
    ("local-politics", "Right to roam: where the council stands", None),
    ("local-politics", "Your vote on the national park budget", None),
    ("volunteering", "Path repair days: join a crew", None),
    ("volunteering", "Beach cleans that make a difference", None),
    ("volunteering", "Become a mountain rescue supporter", None),
    ("volunteering", "Tree planting this winter", None),
    ("volunteering", "Volunteering at a bird observatory", None),
    ("local-events", "What's on this weekend in the valley", None),
    ("local-events", "The harvest fair returns", None),
    ("local-events", "Open studios trail: artists at home", None),
    ("local-events", "Summer cinema under the stars", None),
    ("local-events", "Farmers' markets worth the drive", None),
    ("local-events", "Midsummer fell race: results and stories", "trail-series"),
    # Multi-topic features.
    ("hiking", "Hut-to-hut with a camera: a photo essay", None),
    ("hiking", "Walking the Camino with a sketchbook", None),
    ("trail-running", "Run-commuting: the kit list", "summer-gear-sale"),
    ("climbing", "Climbing trips that double as holidays", None),
    ("cycling", "Coffee rides: the best cafés on two wheels", None),
    ("camping", "Campfire cooking, properly", None),
    ("cooking", "A forager's autumn supper", None),
    ("coffee", "The perfect brew at camp", None),
    ("photography", "Photographing birds on the estuary", None),
    ("travel", "Jazz cities: New Orleans to Oslo", None),
    ("travel", "A cycling tour of the Loire", None),
    ("gardening", "Grow your own salad all summer", None),
    ("books", "Mountain literature: the classics", None),
    ("jazz", "Jazz records recorded outdoors", None),
    ("wildlife", "Whale watching from the clifftop", None),
    ("paddling", "Canoe camping on the Spey", None),
    ("baking", "Camp-oven bread, no kitchen needed", None),
    ("folk-music", "Walking songs for long roads", None),
    ("van-life", "Van life with a bike rack: our routes", None),
    ("yoga", "Yoga on the summit: worth it?", None),
    ("hiking", "The Northwind guide to summer hiking kit", "summer-gear-sale"),
    ("coffee", "Coffee Club: the gift subscription", "coffee-club"),
    ("cycling", "The Trail Series now has a gravel race", "trail-series"),
    ("local-events", "Jazz on the green: festival passes", "festival-pass"),
    ("camping", "Family camping weekend: book a pitch", "festival-pass"),
    ("travel", "Norway's fjords by ferry and foot", None),
    ("cooking", "Pickles and preserves for beginners", None),
    ("hiking", "Summer hiking in the Lake District, away from the crowds", None),
    ("climbing", "Indoor walls are the new gyms", None),
]

# Topics that may appear in a metric bucket: never sensitive (checked below).
ENGAGEMENT_BUCKETS = ["hiking", "trail-running", "climbing", "cycling", "camping",
                      "cooking", "coffee", "jazz", "travel", "photography"]
CAMPAIGNS = ["summer-gear-sale", "coffee-club", "trail-series", "festival-pass"]


def slug(text, n=5):
    words = re.sub(r"[^a-z0-9 ]", "", text.lower().replace("-", " ")).split()
    skip = {"a", "an", "the", "of", "for", "to", "and", "in", "on", "at", "your", "with", "by", "how", "what"}
    kept = [w for w in words if w not in skip][:n]
    return "-".join(kept)


def unit(v):
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="examples/catalog/catalog.json")
    args = ap.parse_args()
    rng = random.Random(SEED)

    sens = {t[0]: t[3] for t in TOPICS}
    parent = {t[0]: t[2] for t in TOPICS}
    for b in ENGAGEMENT_BUCKETS:
        assert sens[b] is None and sens[parent[b]] is None, b

    # Embeddings clustered by topic: a leaf centroid leans on its root's direction, so siblings are close.
    root_vec = {t[0]: [rng.gauss(0, 1) for _ in range(DIM)] for t in TOPICS if t[2] is None}
    centroid = {}
    for tid, _, par, _ in TOPICS:
        own = [rng.gauss(0, 1) for _ in range(DIM)]
        base = root_vec[par] if par else root_vec[tid]
        centroid[tid] = unit([0.6 * b + 0.8 * o for b, o in zip(unit(base), unit(own))])

    topics = []
    for tid, label, par, s in TOPICS:
        t = {"id": tid, "label": label, "labels": [{"locale": "de", "text": LABELS_DE[tid]}]}
        if par:
            t["parent"] = par
        if s:
            t["sensitivity"] = s
        topics.append(t)

    items, seen = [], set()
    for n, (topic, title, campaign) in enumerate(ITEMS):
        iid = slug(title)
        while iid in seen:
            iid += "-2"
        seen.add(iid)
        its = [{"topic": topic, "weight": 1.0}]
        # Sensitive topics stay alone on their items; others sometimes carry 1-2 related topics.
        if not sens[topic] and topic in RELATED and rng.random() < 0.55:
            extra = [r for r in RELATED[topic] if not sens.get(r)]
            for r in rng.sample(extra, min(len(extra), 1 if rng.random() < 0.7 else 2)):
                its.append({"topic": r, "weight": round(rng.uniform(0.3, 0.7), 2)})
        vec = [0.0] * DIM
        for it in its:
            vec = [v + it["weight"] * c for v, c in zip(vec, centroid[it["topic"]])]
        vec = unit([v + rng.gauss(0, 0.12) for v in vec])
        # Popularity: most items modest, a few hits; campaigns promoted a little.
        pop = min(1.0, rng.betavariate(2, 5) + (0.15 if campaign else 0.0))
        if rng.random() < 0.08:
            pop = rng.uniform(0.75, 0.95)
        # Published: mostly the last few months; about one in ten in the last three days.
        age_days = rng.uniform(0, 3) if rng.random() < 0.1 else rng.expovariate(1 / 45)
        item = {
            "id": iid,
            "title": title,
            "topics": its,
            "embedding_f32": [round(x, 3) for x in vec],
            "published_at_ms": DEMO_MS - int(age_days * DAY_MS),
            "popularity": round(pop, 3),
            "locale": "en",
            "kind": KINDS.get(title, "article"),
        }
        if campaign:
            item["campaign_id"] = campaign
        items.append(item)

    assert set(KINDS) <= {i["title"] for i in items}
    used_campaigns = {i.get("campaign_id") for i in items}
    assert all(c in used_campaigns for c in CAMPAIGNS)
    catalog = {
        "brand_id": "northwind-journal",
        "version": 1,
        "issued_at_ms": ISSUED_MS,
        "expires_at_ms": EXPIRES_MS,
        "embedding_dim": DIM,
        "topics": topics,
        "items": items,
    }
    with open(args.out, "w") as f:
        # Items one per line keeps the file readable and diffs small.
        f.write("{\n")
        keys = list(catalog)
        for k in keys:
            v = catalog[k]
            if k in ("topics", "items"):
                f.write(f'  "{k}": [\n')
                f.write(",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in v))
                f.write("\n  ]")
            else:
                f.write(f'  "{k}": {json.dumps(v)}')
            f.write(",\n" if k != keys[-1] else "\n")
        f.write("}\n")
    print(f"wrote {args.out}: {len(topics)} topics, {len(items)} items")


if __name__ == "__main__":
    main()
