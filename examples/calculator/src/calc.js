// The calculator's functions are added one requirement at a time.
