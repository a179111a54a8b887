// Converts Natural Earth 1:110m countries (npm world-atlas) ONCE into the site's static base map, projected
// with Equal Earth (equal-area, so no region looks bigger than it is). Run: cd scripts/basemap && npm install
// && npm run build. Writes static/maps/world-110m.svg (the base map the route maps draw on) and
// static/maps/world-110m.json (projection parameters, for flights/maps.py to place airports exactly,
// and each country's outline, to highlight one). Output is committed; the site never runs this.
import { readFileSync, writeFileSync } from "node:fs";
import { geoEqualEarth, geoGraticule10, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";

const WIDTH = 960;
const out = new URL("../../static/maps/", import.meta.url);
const atlas = JSON.parse(readFileSync(new URL("node_modules/world-atlas/countries-110m.json", import.meta.url)));
const sphere = { type: "Sphere" };
const projection = geoEqualEarth().fitWidth(WIDTH, sphere);
const path = geoPath(projection).digits(1);
const [[, y0], [, y1]] = path.bounds(sphere);
const HEIGHT = Math.ceil(y1 - y0);

const countries = feature(atlas, atlas.objects.countries).features;
const land = path(feature(atlas, atlas.objects.land));
const borders = path(mesh(atlas, atlas.objects.countries, (a, b) => a !== b));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<title>World map, Equal Earth projection (Natural Earth 1:110m)</title>
<path d="${path(sphere)}" fill="#eef3f6"/>
<path d="${path(geoGraticule10())}" fill="none" stroke="#dfe6ea" stroke-width="0.5"/>
<path d="${land}" fill="#e4dfd3"/>
<path d="${borders}" fill="none" stroke="#fffdf8" stroke-width="0.6"/>
<path d="${path(sphere)}" fill="none" stroke="#c9c4b8" stroke-width="0.8"/>
</svg>
`;
writeFileSync(new URL("world-110m.svg", out), svg);

const byId = {};
for (const country of countries) {
  if (country.id === undefined) continue; // Kosovo, Northern Cyprus, Somaliland have no ISO numeric code
  byId[country.id] = { name: country.properties.name, d: path(country) };
}
const meta = {
  source: "Natural Earth 1:110m countries via npm world-atlas 2.0.2 (public domain; world-atlas ISC)",
  projection: "Equal Earth",
  width: WIDTH,
  height: HEIGHT,
  scale: projection.scale(),
  translate: projection.translate(),
  check: { lonlat: [-90.5275, 14.5833], xy: projection([-90.5275, 14.5833]) },
  countries: byId,
};
writeFileSync(new URL("world-110m.json", out), JSON.stringify(meta));
console.log(`world-110m.svg ${svg.length} bytes, ${Object.keys(byId).length} countries, ${WIDTH}x${HEIGHT}`);
