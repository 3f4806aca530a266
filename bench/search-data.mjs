// Synthetic leads for the search benchmark: Czech and German names with diacritics, Ukrainian Cyrillic,
// English, some Japanese (kanji and romanized), with a long tail of syllable-built names; companies per
// market with legal forms, titles, statuses with their stage dates, scores, sources, campaigns, tags, two
// years of creation dates and a few assignees. Deterministic for a seed. The text columns the search uses
// (search_text, company_key, last_name_key) come from the product's own normalizeLead; emails and phones
// are sealed in the PiiVault format (AES-256-GCM "v1.<base64url(iv‖ct‖tag)>" with org+field as AAD, and
// HMAC-SHA256 blind indexes) with node:crypto for speed — bench/search.mjs checks a sample against PiiVault.
import { createCipheriv, createHmac, createSecretKey } from 'node:crypto';

/** mulberry32: a small seeded PRNG, so the dataset and the search terms are the same every run. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.bytes = (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
    return out;
  };
  return next;
}

/** Picks from a list with Zipf-like weights (the first items are the most common), by binary search. */
function zipf(list, s = 1) {
  const cum = [];
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    total += 1 / (i + 1) ** s;
    cum.push(total);
  }
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (s) => s.split(' ');

// Each market: share of leads, names (male|female pairs for Czech surnames), syllables for the long tail,
// company parts, titles, cities, phone shape (unique per organization through the lead's number n).
const MARKETS = {
  cs: {
    share: 0.36,
    country: 'CZ',
    firstM: words(
      'Jiří Jan Petr Josef Pavel Martin Tomáš Jaroslav Miroslav Zdeněk Václav Michal František Jakub Lukáš Ondřej Radek Vojtěch Matěj Štěpán',
    ),
    firstF: words(
      'Jana Marie Eva Hana Anna Lenka Kateřina Lucie Věra Alena Petra Veronika Jaroslava Tereza Martina Michaela Zuzana Šárka Markéta Barbora',
    ),
    last: words(
      'Novák|Nováková Svoboda|Svobodová Novotný|Novotná Dvořák|Dvořáková Černý|Černá Procházka|Procházková Kučera|Kučerová Veselý|Veselá Horák|Horáková Němec|Němcová Marek|Marková Pospíšil|Pospíšilová Pokorný|Pokorná Hájek|Hájková Král|Králová Jelínek|Jelínková Růžička|Růžičková Beneš|Benešová Fiala|Fialová Sedláček|Sedláčková Doležal|Doležalová Zeman|Zemanová Kolář|Kolářová Navrátil|Navrátilová Čermák|Čermáková Vaněk|Vaňková Urban|Urbanová Blažek|Blažková Kříž|Křížová Kovář|Kovářová Bartoš|Bartošová Vlček|Vlčková Polák|Poláková Musil|Musilová Šimek|Šimková Štěpánek|Štěpánková Řezníček|Řezníčková Žák|Žáková',
    ),
    syllables: words('ko va ná lí ře ši bra dlo mě cha tu zá hru dý če pa lo stě vo ný'),
    tailSuffix: ['', 'ek', 'ák', 'íř'],
    tailSuffixF: ['ová'],
    roots: words(
      'Stavby Strojírny Elektro Agro Dřevo Kovo Textil Pekárna Doprava Sklárna Tiskárna Plasty Software Účetnictví Projekce Logistika Energie Nábytek Servis Zámečnictví',
    ),
    legal: ['s.r.o.', 's.r.o.', 's.r.o.', 'a.s.', 'spol. s r.o.', 'v.o.s.'],
    titles: [
      'Jednatel',
      'Ředitel',
      'Obchodní ředitel',
      'Nákupčí',
      'Vedoucí IT',
      'Finanční ředitelka',
      'Majitel',
      'Projektový manažer',
    ],
    cities: words('Praha Brno Ostrava Plzeň Liberec Olomouc Zlín Pardubice Jihlava Třebíč'),
    domains: ['seznam.cz', 'email.cz', 'centrum.cz', 'firma.cz'],
    phone: (n) => `+420${601000000 + n}`,
  },
  de: {
    share: 0.26,
    country: 'DE',
    firstM: words(
      'Jürgen Jörg Björn Günter Sören Klaus Uwe Thomas Michael Andreas Stefan Lukas Felix Maximilian Jonas Leon Paul Tobias',
    ),
    firstF: words(
      'Anna Lena Ursula Käthe Hannah Sophie Marie Laura Julia Sabine Petra Monika Claudia Birgit Jessica Lea Mia Jördis',
    ),
    last: words(
      'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Böhm Jäger Groß Kühn Krämer Mößner Süß',
    ),
    syllables: words(
      'ber stein hau sen mül ler brück feld dorf kamp wald hof ger lin rich bach kö ner schu gräf',
    ),
    tailSuffix: ['', 'mann', 'er', 'ing'],
    roots: words(
      'Maschinenbau Logistik Bau Elektrotechnik Software Druckerei Bäckerei Metallbau Gebäudetechnik Spedition Immobilien Steuerberatung Automation Kunststoffe Medizintechnik Großhandel Holzbau Energietechnik Präzisionstechnik Lebensmittel',
    ),
    legal: ['GmbH', 'GmbH', 'GmbH', 'AG', 'GmbH & Co. KG', 'KG', 'UG', 'SE'],
    titles: ['Geschäftsführer', 'Einkaufsleiter', 'Leiter IT', 'Vertriebsleiterin', 'Prokurist', 'Inhaber'],
    cities: words('Berlin München Hamburg Köln Frankfurt Stuttgart Düsseldorf Leipzig Dresden Nürnberg'),
    domains: ['web.de', 'gmx.de', 't-online.de', 'firma.de'],
    phone: (n) => `+49151${10000000 + n}`,
  },
  en: {
    share: 0.2,
    country: 'US',
    firstM: words('James John Robert Michael William David Richard Joseph Thomas Chris Daniel Matthew'),
    firstF: words('Mary Patricia Jennifer Linda Elizabeth Susan Jessica Sarah Karen Emily Emma Olivia'),
    last: words(
      "Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers O'Brien MacDonald",
    ),
    syllables: words(
      'ash ford ley wood ton bur ridge wick ham cliff by well mor den hurst field stone lan per kins',
    ),
    tailSuffix: ['', 's', 'ton', 'son'],
    roots: words(
      'Analytics Software Logistics Consulting Solutions Systems Labs Partners Holdings Media Health Robotics Capital Foods Networks Security Cloud Energy Marine Design',
    ),
    legal: ['Inc.', 'Inc.', 'Ltd', 'LLC', 'LLC', 'Corp.', 'PLC', 'Co.'],
    titles: [
      'CEO',
      'CTO',
      'Head of Sales',
      'VP Marketing',
      'Procurement Manager',
      'IT Director',
      'Founder',
      'Operations Manager',
    ],
    cities: words('Boston Chicago Austin Denver Seattle London Manchester Dublin Toronto Atlanta'),
    domains: ['gmail.com', 'outlook.com', 'company.com', 'corp.io'],
    phone: (n) => `+1415${2000000 + n}`,
  },
  uk: {
    share: 0.13,
    country: 'UA',
    firstM: words('Олександр Андрій Дмитро Сергій Володимир Ігор Тарас Богдан Євген Юрій Максим Олег'),
    firstF: words('Юлія Олена Ірина Наталія Оксана Тетяна Світлана Марія Анастасія Катерина Людмила Галина'),
    last: words(
      'Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Бойко Мельник Лисенко Руденко Савченко Петренко Мороз Марченко Клименко Павленко Кузьменко Іваненко Гончаренко Литвиненко Козак Ковальчук Романенко Ярошенко Мазур Ткачук Кравчук Пономаренко Карпенко Зінченко Левченко Гаврилюк Кушнір Білик Юрченко Федоренко Ґудзь',
    ),
    syllables: words('ко ва лен ши ре да бор ми гай ле ро тин пан дій сі ліч гу ян хо мат'),
    tailSuffix: ['енко', 'чук', 'ук', 'ич'],
    roots: words(
      'Агро Буд Мет Енерго Транс Софт Фарм Хліб Маш Логістик Світ Дім Сервіс Торг Інвест Пром Тех Гал Дніпро Київ',
    ),
    legal: ['ТОВ', 'ТОВ', 'ПрАТ', 'ФОП'],
    titles: ['Директор', 'Комерційний директор', 'Менеджер із закупівель', 'Керівник IT', 'Засновник'],
    cities: words('Київ Львів Харків Одеса Дніпро Вінниця Полтава Чернігів Житомир Ужгород'),
    domains: ['ukr.net', 'gmail.com', 'i.ua', 'meta.ua'],
    phone: (n) => `+38067${1000000 + n}`,
  },
  ja: {
    share: 0.05,
    country: 'JP',
    firstM: words('翔太 大輔 健太 拓也 太郎 直樹 Shōta Daisuke Kenta Yūki'),
    firstF: words('陽菜 美咲 結衣 さくら 花子 由美 Haruka Misaki Yui Sakura'),
    last: words(
      '佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 Satō Suzuki Takahashi Tanaka Itō Watanabe Yamamoto Nakamura Kobayashi Katō',
    ),
    syllables: words('山 田 川 本 中 村 木 井 松 藤 原 野 上 下 島 森 石 竹 池 沢'),
    tailSuffix: [''],
    roots: words('山田 東京 大阪 日本 富士 中央 三和 東洋 北海 新星'),
    rootSuffix: words('製作所 商事 電機 工業 物産 技研 建設 食品 システム ソフト'),
    legal: ['株式会社'],
    titles: ['代表取締役', '部長', '課長', 'マネージャー', 'Sales Manager'],
    cities: words('東京 大阪 名古屋 横浜 福岡 Tokyo Osaka'),
    domains: ['yahoo.co.jp', 'gmail.com', 'docomo.ne.jp'],
    phone: (n) => `+8190${10000000 + n}`,
  },
};

const INDUSTRIES = words(
  'Manufacturing Software Logistics Construction Retail Healthcare Finance Energy Food Education',
);
const SOURCES = ['Website Form', 'Partner', 'Import', 'API', 'Webinar', 'Trade fair', 'Referral', 'LinkedIn'];
const CAMPAIGNS = [
  'Spring 2025',
  'Q3 Outbound',
  'Webinar AI',
  'Messe Hannover',
  'Newsletter',
  'Black Friday',
  'Partner Push',
];
export const TAGS = words(
  'hot enterprise smb partner follow-up newsletter dach cee renewal vip cold event webinar trial budget-2026',
);
const DAY = 86_400_000;

/** A market's company pool: brand-like names, Zipf-distributed, so big customers have many leads. */
function companyPool(m, r, size) {
  const out = [];
  const tail = () => cap(Array.from({ length: 2 + r.int(2) }, () => r.pick(m.syllables)).join(''));
  for (let i = 0; i < size; i++) {
    const lastName = r.pick(m.last).split('|')[0];
    if (m === MARKETS.ja) {
      const root = r() < 0.5 ? r.pick(m.roots) : tail();
      out.push(
        r() < 0.8 ? `株式会社${root}${r.pick(m.rootSuffix)}` : `${root}${r.pick(m.rootSuffix)}株式会社`,
      );
      continue;
    }
    if (m === MARKETS.uk) {
      const name = `${r.pick(m.roots)}${r.pick(m.roots).toLowerCase()}`;
      out.push(r() < 0.7 ? `${r.pick(m.legal)} «${name}»` : `${name} ${r.pick(m.legal)}`);
      continue;
    }
    const prefix = [lastName, r.pick(m.cities), tail(), tail()][r.int(4)];
    out.push(`${prefix} ${r.pick(m.roots)} ${r.pick(m.legal)}`);
  }
  return zipf(out, 0.9);
}

const asciiLocal = (s) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * A generator of lead rows in column arrays (for one `INSERT … SELECT FROM unnest(…)` per batch).
 * `core` is bench/search-core.ts bundled; `keys` the raw AES and HMAC keys (Buffers).
 */
export function leadGenerator({ core, seed, now, keys }) {
  const r = rng(seed);
  const marketList = Object.values(MARKETS);
  const pickMarket = () => {
    let x = r();
    for (const m of marketList) {
      x -= m.share;
      if (x < 0) return m;
    }
    return marketList[0];
  };
  const pools = new Map(marketList.map((m) => [m, companyPool(m, r, Math.round(12000 * m.share))]));
  const lastNames = new Map(marketList.map((m) => [m, zipf(m.last, 0.8)]));
  const counters = new Map();
  /** folded word → { n, display } over the leads of `statsOrg`: where the search terms are drawn from. */
  const wordStats = new Map();

  // Key objects made once: building one per call from raw bytes costs more than the encryption.
  const encryptionKey = createSecretKey(keys.encryption);
  const indexKey = createSecretKey(keys.index);
  const seal = (orgId, field, value) => {
    const iv = Buffer.from(r.bytes(12));
    const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
    cipher.setAAD(Buffer.from(`${orgId}\u0000${field}`));
    const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const index = createHmac('sha256', indexKey).update(`${orgId}\u0000${field}\u0000${value}`).digest();
    return {
      ciphertext: `v1.${Buffer.concat([iv, ct]).toString('base64url')}`,
      index: index.toString('base64url'),
    };
  };

  function lead(orgId, users, at, statsOrg) {
    const n = (counters.get(orgId) ?? 0) + 1;
    counters.set(orgId, n);
    const m = pickMarket();
    const female = r() < 0.45;
    let first = r.pick(female ? m.firstF : m.firstM);
    let last;
    if (r() < 0.3) {
      last = cap(Array.from({ length: 2 + r.int(2) }, () => r.pick(m.syllables)).join(''));
      last += female && m.tailSuffixF ? r.pick(m.tailSuffixF) : r.pick(m.tailSuffix);
    } else {
      const [male, fem] = lastNames.get(m)(r).split('|');
      last = female && fem ? fem : male;
    }
    if (m === MARKETS.ja && /[\u3040-\u9fff]/.test(last) !== /[\u3040-\u9fff]/.test(first))
      first = r.pick(
        (female ? m.firstF : m.firstM).filter(
          (f) => /[\u3040-\u9fff]/.test(f) === /[\u3040-\u9fff]/.test(last),
        ),
      );
    if (r() < 0.04) first = null;
    const company = r() < 0.12 ? null : pools.get(m)(r);
    const norm = core.normalizeLead(
      {
        firstName: first,
        lastName: last,
        company,
        title: r() < 0.15 ? null : r.pick(m.titles),
        industry: r.pick(INDUSTRIES),
        employees: Math.round(Math.exp(1 + r() * 8)),
        country: m.country,
        city: r.pick(m.cities),
      },
      m.country,
    );
    const email = `${asciiLocal(first ?? '') || 'kontakt'}.${asciiLocal(last) || 'lead'}${n}@${r.pick(m.domains)}`;
    const phone = r() < 0.85 ? m.phone(n) : null;

    const ageDays = (now - at) / DAY;
    const x = r();
    const status =
      ageDays < 14 && x < 0.7
        ? 'NEW'
        : x < 0.3
          ? 'NEW'
          : x < 0.6
            ? 'CONTACTED'
            : x < 0.77
              ? 'QUALIFIED'
              : 'LOST';
    const span = now - at;
    const lastActivity = status === 'NEW' ? at + (r() < 0.8 ? 0 : r() * span) : at + r() ** 0.7 * span;
    const changed = status === 'NEW' ? at : at + r() * (lastActivity - at);
    const score = Math.max(
      0,
      Math.min(100, Math.round(((r() + r() + r()) / 3) * 100 + (status === 'QUALIFIED' ? 15 : 0))),
    );
    const tags = [];
    const tagCount = r() < 0.35 ? 0 : 1 + r.int(3);
    for (let i = 0; i < tagCount; i++) {
      const t = TAGS[Math.min(TAGS.length - 1, Math.floor(r() ** 1.6 * TAGS.length))];
      if (!tags.includes(t)) tags.push(t);
    }
    const e = seal(orgId, 'email', email);
    const p = phone ? seal(orgId, 'phone', phone) : { ciphertext: null, index: null };
    const iso = (ms) => new Date(Math.floor(ms)).toISOString();
    if (orgId === statsOrg) {
      const folded = norm.searchText.split(' ');
      const shown = [norm.firstName, norm.lastName, norm.company].filter(Boolean).join(' ').split(' ');
      folded.forEach((w, i) => {
        const entry = wordStats.get(w) ?? { n: 0, display: folded.length === shown.length ? shown[i] : w };
        entry.n++;
        wordStats.set(w, entry);
      });
    }
    return {
      id: core.formatId('lead', at, r.bytes(10)),
      organization_id: orgId,
      first_name: norm.firstName,
      last_name: norm.lastName,
      title: norm.title,
      company: norm.company,
      company_key: norm.companyKey,
      last_name_key: norm.lastNameKey,
      industry: norm.industry,
      employees: norm.employees,
      country: norm.country,
      city: norm.city,
      source: SOURCES[Math.min(SOURCES.length - 1, Math.floor(r() ** 1.5 * SOURCES.length))],
      campaign: r() < 0.4 ? null : r.pick(CAMPAIGNS),
      status,
      loss_reason:
        status === 'LOST'
          ? r.pick([
              'NO_BUDGET',
              'NO_AUTHORITY',
              'NO_NEED',
              'BAD_TIMING',
              'UNRESPONSIVE',
              'COMPETITOR_CHOSEN',
              'OTHER',
            ])
          : null,
      tags: tags.join('|'),
      score,
      assigned_to:
        r() < 0.12 ? null : users[Math.min(users.length - 1, Math.floor(r() ** 1.3 * users.length))],
      search_text: norm.searchText,
      email_ciphertext: e.ciphertext,
      email_index: e.index,
      phone_ciphertext: p.ciphertext,
      phone_index: p.index,
      phone_valid: phone ? true : null,
      created_at: iso(at),
      updated_at: iso(lastActivity),
      last_activity_at: iso(lastActivity),
      status_changed_at: iso(changed),
      contacted_at: status === 'NEW' ? null : iso(at + (changed - at) / 2),
      qualified_at: status === 'QUALIFIED' ? iso(changed) : null,
      lost_at: status === 'LOST' ? iso(changed) : null,
      // Kept beside the row (not inserted): what the benchmark searches by.
      _email: email,
      _phone: phone,
    };
  }

  return {
    /**
     * `count` leads, the i-th (from `offset`) in organization `orgFor(i)` ({ id, users }), created in order
     * over [from, to] (as an organization's table grows), `total` being the phase's size.
     */
    batch(orgFor, count, from, to, offset, total, statsOrg) {
      const rows = [];
      for (let i = 0; i < count; i++) {
        const org = orgFor(offset + i);
        const at = from + ((offset + i + r()) / total) * (to - from);
        rows.push(lead(org.id, org.users, at, statsOrg));
      }
      return rows;
    },
    words: wordStats,
    random: r,
  };
}

/** The inserted columns with their array types and the cast from the array element to the column. */
const COLUMNS = [
  ['id', 'text'],
  ['organization_id', 'text'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['title', 'text'],
  ['company', 'text'],
  ['company_key', 'text'],
  ['last_name_key', 'text'],
  ['industry', 'text'],
  ['employees', 'int'],
  ['country', 'text'],
  ['city', 'text'],
  ['source', 'text'],
  ['campaign', 'text'],
  ['status', 'text', '::lead_status'],
  ['loss_reason', 'text', '::loss_reason'],
  ['tags', 'text', null, (c) => `case when ${c} = '' then '{}'::text[] else string_to_array(${c}, '|') end`],
  ['score', 'int'],
  ['assigned_to', 'text'],
  ['search_text', 'text'],
  ['email_ciphertext', 'text'],
  ['email_index', 'text'],
  ['phone_ciphertext', 'text'],
  ['phone_index', 'text'],
  ['phone_valid', 'bool'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['last_activity_at', 'timestamptz'],
  ['status_changed_at', 'timestamptz'],
  ['contacted_at', 'timestamptz'],
  ['qualified_at', 'timestamptz'],
  ['lost_at', 'timestamptz'],
];

/** One multi-row insert: every column passed as one array parameter and zipped by unnest. */
export const INSERT_SQL = `insert into leads (${COLUMNS.map(([c]) => c).join(', ')})
select ${COLUMNS.map(([c, , cast, expr]) => (expr ? expr(`u.${c}`) : `u.${c}${cast ?? ''}`)).join(', ')}
from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) as u(${COLUMNS.map(([c]) => c).join(', ')})`;

export function insertParams(rows) {
  return COLUMNS.map(([c]) => rows.map((row) => row[c]));
}
