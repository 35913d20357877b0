"""Small programs that use the client the way a service would; type-checked and run by the tests."""
