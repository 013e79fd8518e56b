console.error("deliberate console error", 42);
throw new Error("deliberate uncaught exception");
