#include <cstdio>
int main() { std::puts("kiosk: foundation in progress"); }
