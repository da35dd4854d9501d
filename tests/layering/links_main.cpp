// The whole program of a layer-link check (cmake/layers.cmake): the layers' objects are linked
// in whole, so every symbol they use must come from them or from the libraries they link.
int main() { return 0; }
