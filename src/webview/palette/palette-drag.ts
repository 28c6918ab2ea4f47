// The drag payload type for a component dragged from the palette onto the canvas.
export const paletteMime = 'application/x-flowstudio-component';
