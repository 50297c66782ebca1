console.log("parley cli");
