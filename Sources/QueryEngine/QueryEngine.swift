// QueryEngine module
