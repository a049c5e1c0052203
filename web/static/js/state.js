/* What the modules share: the Leaflet map and layer control that Folium built, the layers
   added since, and the zones loaded (for the search box). */

export const state = {map: null, control: null, plots: null, layers: {}, zones: []};
