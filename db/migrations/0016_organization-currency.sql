-- An organization's currency (ISO 4217), taken from its default country by the table in edge/core/money.ts
-- (COUNTRY_CURRENCIES; a unit test keeps this copy equal to it), USD for a country not in it.
ALTER TABLE "organizations" ADD COLUMN "currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
UPDATE "organizations" AS o SET "currency" = m.currency
FROM (VALUES
  ('AE', 'AED'), ('AT', 'EUR'), ('AU', 'AUD'), ('BE', 'EUR'), ('BG', 'EUR'), ('BR', 'BRL'),
  ('CA', 'CAD'), ('CH', 'CHF'), ('CN', 'CNY'), ('CY', 'EUR'), ('CZ', 'CZK'), ('DE', 'EUR'),
  ('DK', 'DKK'), ('EE', 'EUR'), ('ES', 'EUR'), ('FI', 'EUR'), ('FR', 'EUR'), ('GB', 'GBP'),
  ('GR', 'EUR'), ('HR', 'EUR'), ('HU', 'HUF'), ('IE', 'EUR'), ('IL', 'ILS'), ('IN', 'INR'),
  ('IT', 'EUR'), ('JP', 'JPY'), ('KR', 'KRW'), ('LT', 'EUR'), ('LU', 'EUR'), ('LV', 'EUR'),
  ('MT', 'EUR'), ('MX', 'MXN'), ('NL', 'EUR'), ('NO', 'NOK'), ('NZ', 'NZD'), ('PL', 'PLN'),
  ('PT', 'EUR'), ('RO', 'RON'), ('SE', 'SEK'), ('SG', 'SGD'), ('SI', 'EUR'), ('SK', 'EUR'),
  ('TR', 'TRY'), ('UA', 'UAH'), ('US', 'USD'), ('ZA', 'ZAR')
) AS m(country, currency)
WHERE m.country = upper(o.default_country);--> statement-breakpoint
-- An opportunity left at the column's default (USD) in an organization with other money holds an amount typed
-- in that organization's money: it takes the organization's currency.
UPDATE "opportunities" AS p SET "currency" = o."currency"
FROM "organizations" AS o
WHERE o.id = p.organization_id AND p."currency" = 'USD' AND o."currency" <> 'USD';
